import { z } from "zod";
import type { Db } from "@/db";
import { requireRunRow } from "../runs/service";
import { readSeries, type SeriesPoint } from "./downsample";

export const seriesQueryInput = z.object({
  keys: z.array(z.string().min(1)).min(1, "name at least one key").max(200),
  maxPoints: z.number().int().min(2).max(100_000).default(1000),
  stepMin: z.number().int().min(0).optional(),
  stepMax: z.number().int().min(0).optional(),
});
export type SeriesQueryInput = z.input<typeof seriesQueryInput>;

/** Down-sampled series for several keys of one run; unknown keys come back empty. */
export function getRunSeries(db: Db, runId: string, q: z.output<typeof seriesQueryInput>): Record<string, SeriesPoint[]> {
  const run = requireRunRow(db, runId);
  const sqlite = db.$client;
  const lookup = sqlite.prepare("SELECT id FROM metric_keys WHERE project_id = ? AND key = ?").pluck();
  const series: Record<string, SeriesPoint[]> = {};
  for (const key of q.keys) {
    const keyId = lookup.get(run.projectId, key) as number | undefined;
    series[key] = keyId === undefined ? [] : readSeries(sqlite, run.pk, keyId, q);
  }
  return series;
}

export interface MetricKeySummary {
  key: string;
  count: number;
  minStep: number;
  maxStep: number;
  lastValue: number;
}

/** Every key the run has logged, with its extent and latest value. */
export function listRunMetricKeys(db: Db, runId: string): MetricKeySummary[] {
  const run = requireRunRow(db, runId);
  return db.$client
    .prepare(
      `SELECT k.key AS key, s.count AS count, s.min_step AS minStep, s.max_step AS maxStep, s.last_value AS lastValue
       FROM run_metric_summaries s JOIN metric_keys k ON k.id = s.key_id WHERE s.run_pk = ? ORDER BY k.key`,
    )
    .all(run.pk) as MetricKeySummary[];
}

/** Latest value of the given keys for many runs at once (the runs table's Pass@1 columns). */
export function latestValuesForRuns(db: Db, runIds: string[], keys: string[]): Record<string, Record<string, number>> {
  if (!runIds.length || !keys.length) return {};
  const rows = db.$client
    .prepare(
      `SELECT r.id AS runId, k.key AS key, s.last_value AS value
       FROM run_metric_summaries s JOIN runs r ON r.pk = s.run_pk JOIN metric_keys k ON k.id = s.key_id
       WHERE r.id IN (SELECT value FROM json_each(?)) AND k.key IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(runIds), JSON.stringify(keys)) as { runId: string; key: string; value: number }[];
  const out: Record<string, Record<string, number>> = {};
  for (const r of rows) (out[r.runId] ??= {})[r.key] = r.value;
  return out;
}
