import { randomUUID } from "node:crypto";
import type { Db } from "@/db";
import { chunkOf, decodeChunk } from "../metrics/chunk-codec";
import { appendMetricBatch } from "../metrics/ingest";
import { chunkPartsSql } from "../metrics/tails";
import { requireRunRow } from "../runs/service";
import { invalidParameter } from "./errors";
import type { MetricInput } from "./inputs";
import { readPageToken } from "./page-token";

export interface MlflowMetric {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

/**
 * MLflow metrics → Skillboard metric points: step → step (an integer ≥ 0), timestamp (ms) →
 * wall time (s). Non-finite values are accepted, as MLflow accepts them, but not stored: the
 * metric store holds finite numbers only (a NaN cannot be plotted or averaged).
 */
export function toMetricPoints(metrics: MetricInput[]) {
  const points: { key: string; step: number; value: number; wallTime?: number }[] = [];
  for (const m of metrics) {
    const step = m.step ?? 0;
    if (!Number.isSafeInteger(step) || step < 0) {
      throw invalidParameter(`Metric '${m.key}' has step ${step}: Skillboard stores steps that are integers ≥ 0.`);
    }
    if (!Number.isFinite(m.value)) continue;
    points.push(m.timestamp === undefined ? { key: m.key, step, value: m.value } : { key: m.key, step, value: m.value, wallTime: m.timestamp / 1000 });
  }
  return points;
}

/**
 * Appends the metrics through the metric store's own ingest (same packed storage, limits and
 * validation as REST v1). Call inside the request's transaction: the store's transaction nests.
 */
export function appendMlflowMetrics(db: Db, runId: string, metrics: MetricInput[]): number {
  const points = toMetricPoints(metrics);
  if (!points.length) {
    requireRunRow(db, runId);
    return 0;
  }
  return appendMetricBatch(db, runId, { batchId: `mlflow:${randomUUID()}`, points }).accepted;
}

/** The latest value of every metric of a run (MLflow's `run.data.metrics`). */
export function latestMetrics(db: Db, runPk: number): MlflowMetric[] {
  const rows = db.$client
    .prepare(
      `SELECT k.key AS key, s.last_value AS value, s.last_wall_time AS wallTime, s.max_step AS step
       FROM run_metric_summaries s JOIN metric_keys k ON k.id = s.key_id WHERE s.run_pk = ? ORDER BY k.key`,
    )
    .all(runPk) as { key: string; value: number; wallTime: number | null; step: number }[];
  return rows.map((r) => ({ key: r.key, value: r.value, timestamp: toMs(r.wallTime), step: r.step }));
}

const toMs = (wallTime: number | null) => (wallTime == null || Number.isNaN(wallTime) ? 0 : Math.round(wallTime * 1000));

export const HISTORY_PAGE_DEFAULT = 25_000;

/**
 * Every stored point of one metric, in step order, paged: the page token holds the next step,
 * so each page reads only the chunks it returns.
 */
export function metricHistory(
  db: Db,
  runId: string,
  key: string,
  q: { maxResults?: number; pageToken?: string },
): { metrics: MlflowMetric[]; next_page_token?: string } {
  const run = requireRunRow(db, runId);
  const sqlite = db.$client;
  const keyId = sqlite.prepare("SELECT id FROM metric_keys WHERE project_id = ? AND key = ?").pluck().get(run.projectId, key) as number | undefined;
  if (keyId === undefined) return { metrics: [] };
  const fromStep = readPageToken(q.pageToken);
  const limit = q.maxResults ?? Number.MAX_SAFE_INTEGER;
  const rows = sqlite
    .prepare(chunkPartsSql(`chunk, offsets, "values", wall_times`, "run_pk = @run AND key_id = @key AND chunk >= @from"))
    .raw()
    .iterate({ run: run.pk, key: keyId, from: chunkOf(fromStep) }) as IterableIterator<[number, Buffer, Buffer, Buffer | null, number]>;
  const metrics: MlflowMetric[] = [];
  for (const [chunk, offsets, values, wallTimes] of rows) {
    const p = decodeChunk(chunk, offsets, values, wallTimes);
    for (let i = 0; i < p.steps.length; i++) {
      if (p.steps[i] < fromStep) continue;
      if (metrics.length === limit) {
        return { metrics, next_page_token: Buffer.from(JSON.stringify({ offset: p.steps[i] })).toString("base64url") };
      }
      metrics.push({ key, value: p.values[i], timestamp: toMs(p.wallTimes[i]), step: p.steps[i] });
    }
  }
  return { metrics };
}

