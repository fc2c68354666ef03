import { pickValue, type StepValue, type ValueMode } from "./pick-value";
import { groupConfigurations, type SeedRun } from "./seed-groups";
import { summariseSeeds, type SeedStats } from "./stats";
import { trainedColumns, type TrainedColumns } from "./trained-columns";

/**
 * The paper-style comparison table: one row per run or per configuration
 * (seeds as mean ± std), one column per atomic skill and OOD benchmark, and
 * the average. Pure: the caller hands in each run's series per column.
 */

export type ColumnKind = "skill" | "benchmark";

export interface CompareColumn {
  /** The skill or benchmark name (skills and benchmarks never share a name here). */
  id: string;
  kind: ColumnKind;
}

/**
 * Where a cell's number comes from: Avg@k of eval attempts (or a logged
 * `eval/…/avg@k` / `heldout/…/avg@k` metric), or the training-rollout Pass@1.
 */
export type ValueSource = "avg@k" | "pass@1";

/** One column's series of one run; `points` may be only the candidates the value mode needs. */
export interface ColumnSeries {
  source: ValueSource;
  points: StepValue[];
  /** Attempts per Avg@k value (3 for Avg@3), when known. */
  k?: number;
  /** The framework's raw key the metric mapping read this from (e.g. verl's `val-core/<ds>/reward/mean@4`); absent for Skillboard's own keys. */
  mappedFrom?: string;
}

export interface CompareRunInput extends SeedRun {
  tags: string[];
  series: Record<string, ColumnSeries | undefined>;
}

export interface CompareCell extends SeedStats {
  /** Per run of the row, in row order: the chosen value and its step (null where the run has none). */
  values: (number | null)[];
  steps: (number | null)[];
  source: ValueSource | "mixed";
  /** The k of Avg@k when every Avg@k value of the cell has the same one. */
  k?: number;
  /** Per run of the row, the framework key the value was mapped from (null for Skillboard's own); absent when none was mapped. */
  mappedFrom?: (string | null)[];
}

export interface CompareRow {
  key: string;
  label: string;
  runIds: string[];
  runNames: string[];
  seeds: unknown[];
  cells: Record<string, CompareCell | null>;
  /** Each run's mean over the columns it has, then mean ± std over the row's runs. */
  average: (SeedStats & { values: (number | null)[]; of: number }) | null;
  trained: TrainedColumns | null;
}

export interface CompareTable {
  columns: CompareColumn[];
  rows: CompareRow[];
  /** Every value is a rate in [0, 1]: shown as percentages. */
  isRate: boolean;
}

export interface BuildTableInput {
  runs: CompareRunInput[];
  /** Candidate columns in display order; those without a value in any row are dropped. */
  columns: CompareColumn[];
  projectSkills: readonly string[];
  mode: ValueMode;
  mergeSeeds: boolean;
}

export function buildCompareTable({ runs, columns, projectSkills, mode, mergeSeeds }: BuildTableInput): CompareTable {
  const picked = new Map(
    runs.map((r) => [
      r.id,
      Object.fromEntries(
        columns.map((c) => {
          const s = r.series[c.id];
          const p = s ? pickValue(s.points, mode) : null;
          return [c.id, p && s ? { ...p, source: s.source, k: s.k, mappedFrom: s.mappedFrom } : null];
        }),
      ),
    ]),
  );
  const shown = columns.filter((c) => runs.some((r) => picked.get(r.id)![c.id]));
  const known = shown.map((c) => c.id).concat(projectSkills);
  let isRate = true;

  const rows: CompareRow[] = groupConfigurations(runs, mergeSeeds).map((cfg) => {
    const cells: Record<string, CompareCell | null> = {};
    for (const c of shown) {
      const vals = cfg.runs.map((r) => picked.get(r.id)![c.id]);
      const stats = summariseSeeds(vals.map((v) => v?.value));
      if (!stats) {
        cells[c.id] = null;
        continue;
      }
      for (const v of vals) if (v && (v.value < 0 || v.value > 1)) isRate = false;
      const sources = new Set(vals.filter((v) => v).map((v) => v!.source));
      const ks = new Set(vals.filter((v) => v?.source === "avg@k").map((v) => v!.k));
      cells[c.id] = {
        ...stats,
        values: vals.map((v) => v?.value ?? null),
        steps: vals.map((v) => v?.step ?? null),
        source: sources.size === 1 ? [...sources][0] : "mixed",
        ...(vals.some((v) => v?.mappedFrom) ? { mappedFrom: vals.map((v) => v?.mappedFrom ?? null) } : {}),
        ...(ks.size === 1 && [...ks][0] != null ? { k: [...ks][0] } : {}),
      };
    }
    const perRun = cfg.runs.map((r) => {
      const vs = shown.map((c) => picked.get(r.id)![c.id]?.value).filter((v): v is number => v != null);
      return { avg: vs.length ? vs.reduce((a, b) => a + b, 0) / vs.length : null, of: vs.length };
    });
    const avgStats = summariseSeeds(perRun.map((p) => p.avg));
    const first = cfg.runs[0];
    return {
      key: cfg.key,
      label: cfg.label,
      runIds: cfg.runs.map((r) => r.id),
      runNames: cfg.runs.map((r) => r.name),
      seeds: cfg.seeds,
      cells,
      average: avgStats
        ? { ...avgStats, values: perRun.map((p) => p.avg), of: Math.min(...perRun.filter((p) => p.avg != null).map((p) => p.of)) }
        : null,
      trained: trainedColumns(first, projectSkills, known),
    };
  });
  return { columns: shown, rows, isRate };
}
