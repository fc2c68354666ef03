import type { AvgAtK } from "@/server/evals/avg-at-k";

/** One cell of the OOD table: Avg@k from the eval attempts, or a value logged directly as `eval/<benchmark>/avg@k`. */
export type OodCell = AvgAtK | { step: number; avg: number; attempts: null };

export interface OodRow {
  step: number;
  cells: Record<string, OodCell | undefined>;
  /** Mean of the row's benchmark averages; null when the row has none. */
  average: number | null;
  /** How many benchmarks the average covers. */
  averageOf: number;
}

export interface OodTableModel {
  /** The project's benchmarks in its order, then any other benchmark that has data. */
  benchmarks: string[];
  /** Newest step first. */
  rows: OodRow[];
  /** Whether every value is a rate in [0, 1] (shown as %). */
  isRate: boolean;
}

/** `eval/<benchmark>/avg@<k>` → benchmark, else null. */
export function benchmarkOfMetricKey(key: string): string | null {
  const m = /^eval\/(.+)\/avg@\d+$/.exec(key);
  return m ? m[1] : null;
}

/**
 * Pivots Avg@k per benchmark into one row per eval step. Attempts stored as
 * evals win over a directly logged `eval/<b>/avg@k` value at the same step.
 */
export function buildOodTable(
  projectBenchmarks: readonly string[],
  evals: Record<string, AvgAtK[]>,
  direct: Record<string, { step: number; value: number }[]> = {},
): OodTableModel {
  const byStep = new Map<number, Record<string, OodCell>>();
  const cellsAt = (step: number) => {
    let row = byStep.get(step);
    if (!row) byStep.set(step, (row = {}));
    return row;
  };
  for (const [benchmark, points] of Object.entries(direct)) {
    for (const p of points) cellsAt(p.step)[benchmark] = { step: p.step, avg: p.value, attempts: null };
  }
  for (const [benchmark, entries] of Object.entries(evals)) {
    for (const e of entries) cellsAt(e.step)[benchmark] = e;
  }

  const present = new Set([...byStep.values()].flatMap((r) => Object.keys(r)));
  const extras = [...present].filter((b) => !projectBenchmarks.includes(b)).sort();
  const benchmarks = [...projectBenchmarks, ...extras];

  let isRate = true;
  const rows: OodRow[] = [...byStep.entries()]
    .sort(([a], [b]) => b - a)
    .map(([step, cells]) => {
      const avgs = benchmarks.map((b) => cells[b]?.avg).filter((v): v is number => v != null && Number.isFinite(v));
      for (const v of avgs) if (v < 0 || v > 1) isRate = false;
      return {
        step,
        cells,
        average: avgs.length ? avgs.reduce((a, b) => a + b, 0) / avgs.length : null,
        averageOf: avgs.length,
      };
    });
  return { benchmarks, rows, isRate };
}
