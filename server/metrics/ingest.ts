import type Database from "better-sqlite3";
import { z } from "zod";
import type { Db } from "@/db";
import { PayloadTooLargeError } from "../errors";
import { requireRunRow, touchRun } from "../runs/service";
import { claimBatch } from "../runs/batches";
import { batchId, finiteNumber, parseOrThrow, stepNumber } from "../validation";
import { bucketWidth, ROLLUP_LEVELS } from "./rollup-levels";
import { forgetMetricKeys, internMetricKeys } from "./metric-keys";

export const MAX_POINTS_PER_BATCH = 10_000;

export const metricPointInput = z.object({
  key: z.string().min(1).max(256),
  step: stepNumber,
  value: finiteNumber,
  wallTime: finiteNumber.optional(),
});

export const metricBatchInput = z.object({
  batchId,
  points: z.array(metricPointInput),
});
export type MetricBatchInput = z.infer<typeof metricBatchInput>;

export interface AppendResult {
  batchId: string;
  duplicate: boolean;
  accepted: number;
}

interface Statements {
  insertPoint: Database.Statement;
  updatePoint: Database.Statement;
  mergeRollup: Database.Statement;
  recomputeRollup: Database.Statement;
  mergeSummary: Database.Statement;
}

const statementsByConnection = new WeakMap<Database.Database, Statements>();

function statements(sqlite: Database.Database): Statements {
  let s = statementsByConnection.get(sqlite);
  if (s) return s;
  s = {
    insertPoint: sqlite.prepare(
      "INSERT OR IGNORE INTO metric_points (run_pk, key_id, step, value, wall_time) VALUES (?, ?, ?, ?, ?)",
    ),
    updatePoint: sqlite.prepare(
      "UPDATE metric_points SET value = ?, wall_time = ? WHERE run_pk = ? AND key_id = ? AND step = ?",
    ),
    mergeRollup: sqlite.prepare(`
      INSERT INTO metric_rollups (run_pk, key_id, level, bucket, count, sum, min, max, last_step, last_wall_time)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (run_pk, key_id, level, bucket) DO UPDATE SET
        count = count + excluded.count,
        sum = sum + excluded.sum,
        min = min(min, excluded.min),
        max = max(max, excluded.max),
        last_wall_time = CASE WHEN excluded.last_step >= last_step THEN excluded.last_wall_time ELSE last_wall_time END,
        last_step = max(last_step, excluded.last_step)`),
    recomputeRollup: sqlite.prepare(`
      INSERT OR REPLACE INTO metric_rollups (run_pk, key_id, level, bucket, count, sum, min, max, last_step, last_wall_time)
      SELECT run_pk, key_id, @level, @bucket, count(*), sum(value), min(value), max(value), max(step),
        (SELECT wall_time FROM metric_points p2 WHERE p2.run_pk = @run AND p2.key_id = @key AND p2.step <= @hi ORDER BY step DESC LIMIT 1)
      FROM metric_points WHERE run_pk = @run AND key_id = @key AND step BETWEEN @lo AND @hi`),
    mergeSummary: sqlite.prepare(`
      INSERT INTO run_metric_summaries (run_pk, key_id, count, min_step, max_step, last_value, last_wall_time)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (run_pk, key_id) DO UPDATE SET
        count = count + excluded.count,
        min_step = min(min_step, excluded.min_step),
        last_value = CASE WHEN excluded.max_step >= max_step THEN excluded.last_value ELSE last_value END,
        last_wall_time = CASE WHEN excluded.max_step >= max_step THEN excluded.last_wall_time ELSE last_wall_time END,
        max_step = max(max_step, excluded.max_step)`),
  };
  statementsByConnection.set(sqlite, s);
  return s;
}

interface Bucket {
  count: number;
  sum: number;
  min: number;
  max: number;
  lastStep: number;
  lastWallTime: number | null;
}

/** Checks the batch size before parsing 10,000+ points for nothing. */
export function assertMetricBatchSize(body: unknown): void {
  const points = (body as { points?: unknown } | null)?.points;
  if (Array.isArray(points) && points.length > MAX_POINTS_PER_BATCH) {
    throw new PayloadTooLargeError(
      `points: a batch holds at most ${MAX_POINTS_PER_BATCH} points, this one has ${points.length}; split it.`,
    );
  }
}

/**
 * Stores one batch of metric points in one transaction: raw points, the
 * rollup buckets and the per-key summary. A batch id already stored for the
 * run is acknowledged without writing anything.
 */
export function appendMetricBatch(db: Db, runId: string, body: unknown): AppendResult {
  assertMetricBatchSize(body);
  const input = parseOrThrow(metricBatchInput, body);
  const sqlite = db.$client;
  const s = statements(sqlite);
  const run = requireRunRow(db, runId);
  try {
    return sqlite.transaction(() => {
      if (!claimBatch(sqlite, run.pk, input.batchId, "metrics")) {
        return { batchId: input.batchId, duplicate: true, accepted: 0 };
      }
      const keyIds = internMetricKeys(sqlite, run.projectId, new Set(input.points.map((p) => p.key)));
      const points = input.points
        .map((p) => ({ keyId: keyIds.get(p.key)!, step: p.step, value: p.value, wallTime: p.wallTime ?? null }))
        .sort((a, b) => a.keyId - b.keyId || a.step - b.step);

      // Points are sorted by key and step, so each rollup bucket is one contiguous run of points.
      const open: (Bucket & { keyId: number; bucket: number; dirty: boolean })[] = [];
      const closeBucket = (level: number) => {
        const b = open[level];
        if (!b) return;
        if (b.dirty) {
          const lo = b.bucket * bucketWidth(level);
          s.recomputeRollup.run({ run: run.pk, key: b.keyId, level, bucket: b.bucket, lo, hi: lo + bucketWidth(level) - 1 });
        } else {
          s.mergeRollup.run(run.pk, b.keyId, level, b.bucket, b.count, b.sum, b.min, b.max, b.lastStep, b.lastWallTime);
        }
      };
      const summaries = new Map<number, { count: number; minStep: number; maxStep: number; last: number; lastWall: number | null }>();

      for (const p of points) {
        const inserted = s.insertPoint.run(run.pk, p.keyId, p.step, p.value, p.wallTime).changes > 0;
        if (!inserted) s.updatePoint.run(p.value, p.wallTime, run.pk, p.keyId, p.step);
        let sum = summaries.get(p.keyId);
        if (!sum) summaries.set(p.keyId, (sum = { count: 0, minStep: p.step, maxStep: p.step, last: p.value, lastWall: p.wallTime }));
        if (inserted) sum.count++;
        sum.maxStep = p.step; // sorted by step within a key
        sum.last = p.value;
        sum.lastWall = p.wallTime;
        for (const level of ROLLUP_LEVELS) {
          const bucket = Math.floor(p.step / bucketWidth(level));
          let b = open[level];
          if (!b || b.keyId !== p.keyId || b.bucket !== bucket) {
            closeBucket(level);
            b = open[level] = {
              keyId: p.keyId, bucket, dirty: false,
              count: 0, sum: 0, min: Infinity, max: -Infinity, lastStep: p.step, lastWallTime: p.wallTime,
            };
          }
          if (!inserted) {
            b.dirty = true;
            continue;
          }
          b.count++;
          b.sum += p.value;
          if (p.value < b.min) b.min = p.value;
          if (p.value > b.max) b.max = p.value;
          b.lastStep = p.step;
          b.lastWallTime = p.wallTime;
        }
      }
      for (const level of ROLLUP_LEVELS) closeBucket(level);
      for (const [keyId, sum] of summaries) {
        s.mergeSummary.run(run.pk, keyId, sum.count, sum.minStep, sum.maxStep, sum.last, sum.lastWall);
      }
      touchRun(db, run.pk);
      return { batchId: input.batchId, duplicate: false, accepted: points.length };
    })();
  } catch (error) {
    forgetMetricKeys(sqlite);
    throw error;
  }
}
