import type { AvgAtK } from "@/server/evals/avg-at-k";

/** A benchmark's mean pass rate as the trainer reported it (verl `mean@N`, SkyRL `avg_score`, …), read through the metric mapping. */
export interface ReportedAvg {
  value: number;
  /** The raw key it was logged under. */
  key: string;
  /** N of Avg@N, when the framework says. */
  samples: number | null;
}

/** A benchmark's reported series, by benchmark: what the mapping found for it. */
export type ReportedSeries = Record<string, { key: string; samples: number | null; points: { step: number; value: number }[] }>;

/**
 * One cell of the OOD table: Avg@k from the eval attempts, or a value logged
 * directly as `eval/<benchmark>/avg@k`, or (`onlyReported`) the trainer's
 * reported mean; a reported mean at the same step also rides along beside.
 */
export type OodCell = (AvgAtK | { step: number; avg: number; attempts: null }) & { reported?: ReportedAvg; onlyReported?: boolean };

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
 * evals win over a directly logged `eval/<b>/avg@k` value at the same step,
 * and both over a mean the trainer reported, which then shows beside them.
 */
export function buildOodTable(
  projectBenchmarks: readonly string[],
  evals: Record<string, AvgAtK[]>,
  direct: Record<string, { step: number; value: number }[]> = {},
  reported: ReportedSeries = {},
): OodTableModel {
  const byStep = new Map<number, Record<string, OodCell>>();
  const cellsAt = (step: number) => {
    let row = byStep.get(step);
    if (!row) byStep.set(step, (row = {}));
    return row;
  };
  for (const [benchmark, r] of Object.entries(reported)) {
    for (const p of r.points) {
      cellsAt(p.step)[benchmark] = { step: p.step, avg: p.value, attempts: null, reported: { value: p.value, key: r.key, samples: r.samples }, onlyReported: true };
    }
  }
  for (const [benchmark, points] of Object.entries(direct)) {
    for (const p of points) {
      const row = cellsAt(p.step);
      row[benchmark] = { step: p.step, avg: p.value, attempts: null, reported: row[benchmark]?.reported };
    }
  }
  for (const [benchmark, entries] of Object.entries(evals)) {
    for (const e of entries) {
      const row = cellsAt(e.step);
      row[benchmark] = { ...e, reported: row[benchmark]?.reported };
    }
  }

  const present = new Set([...byStep.values()].flatMap((r) => Object.keys(r)));
  const extras = [...present].filter((b) => !projectBenchmarks.includes(b)).sort();
  const benchmarks = [...projectBenchmarks, ...extras];

  let isRate = true;
  const rows: OodRow[] = [...byStep.entries()]
    .sort(([a], [b]) => b - a)
    .map(([step, cells]) => {
      const avgs = benchmarks.map((b) => cells[b]?.avg).filter((v): v is number => v != null && Number.isFinite(v));
      const besides = benchmarks.map((b) => cells[b]?.reported?.value).filter((v): v is number => v != null && Number.isFinite(v));
      for (const v of [...avgs, ...besides]) if (v < 0 || v > 1) isRate = false;
      return {
        step,
        cells,
        average: avgs.length ? avgs.reduce((a, b) => a + b, 0) / avgs.length : null,
        averageOf: avgs.length,
      };
    });
  return { benchmarks, rows, isRate };
}
