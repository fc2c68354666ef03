import type Database from "better-sqlite3";
import type { Db } from "@/db";
import { PayloadTooLargeError } from "../errors";
import { requireLease } from "../jobs/queue";
import { requireRunRow, touchRun } from "../runs/service";
import { claimBatch } from "../runs/batches";
import { parseMetricBatch } from "./parse-batch";
import { chunkOf, decodeChunk, encodeChunk, mergeChunk, type ChunkPoints, type EncodedChunk } from "./chunk-codec";
import { forgetMetricKeys, internMetricKeys } from "./metric-keys";

export const MAX_POINTS_PER_BATCH = 10_000;

export interface AppendResult {
  batchId: string;
  duplicate: boolean;
  accepted: number;
}

interface Statements {
  readChunk: Database.Statement;
  writeChunk: Database.Statement;
  mergeSummary: Database.Statement;
}

const statementsByConnection = new WeakMap<Database.Database, Statements>();

function statements(sqlite: Database.Database): Statements {
  let s = statementsByConnection.get(sqlite);
  if (s) return s;
  s = {
    readChunk: sqlite.prepare("SELECT count, sum, min, max, last_step, offsets, \"values\", wall_times FROM metric_chunks WHERE run_pk = ? AND key_id = ? AND chunk = ?"),
    writeChunk: sqlite.prepare(`INSERT OR REPLACE INTO metric_chunks
      (run_pk, key_id, chunk, count, sum, min, max, last_step, last_wall_time, offsets, "values", wall_times)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
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

interface StoredChunkRow {
  count: number;
  sum: number | null;
  min: number | null;
  max: number | null;
  last_step: number;
  offsets: Buffer;
  values: Buffer;
  wall_times: Buffer | null;
}

const writeChunk = (s: Statements, runPk: number, keyId: number, chunk: number, e: EncodedChunk) =>
  s.writeChunk.run(runPk, keyId, chunk, e.count, e.sum, e.min, e.max, e.lastStep, e.lastWallTime, e.offsets, e.values, e.wallTimes);

const nanWallTimes = (n: number) => Buffer.from(new Float64Array(n).fill(NaN).buffer);

/**
 * The common case, points past a chunk's last step: the stored blobs are extended as bytes and
 * the aggregates carried on, without decoding the chunk (a trainer's small batches otherwise
 * decode, merge and re-encode up to 1,024 points per key per batch). Null when the points
 * reach back into the chunk, or its aggregates were stored as NULL (a NaN), so a full merge is needed.
 */
function appendedChunk(chunk: number, row: StoredChunkRow, incoming: ChunkPoints): EncodedChunk | null {
  if (row.sum == null || row.min == null || row.max == null || incoming.steps[0] <= row.last_step) return null;
  const tail = encodeChunk(chunk, mergeChunk(null, incoming).merged);
  const wallTimes =
    row.wall_times || tail.wallTimes ? Buffer.concat([row.wall_times ?? nanWallTimes(row.count), tail.wallTimes ?? nanWallTimes(tail.count)]) : null;
  return {
    count: row.count + tail.count,
    sum: row.sum + tail.sum,
    min: Math.min(row.min, tail.min),
    max: Math.max(row.max, tail.max),
    lastStep: tail.lastStep,
    lastWallTime: tail.lastWallTime,
    offsets: Buffer.concat([row.offsets, tail.offsets]),
    values: Buffer.concat([row.values, tail.values]),
    wallTimes,
  };
}

/** Checks the batch size before validating 10,000+ points for nothing. */
export function assertMetricBatchSize(body: unknown): void {
  const points = (body as { points?: unknown } | null)?.points;
  if (Array.isArray(points) && points.length > MAX_POINTS_PER_BATCH) {
    throw new PayloadTooLargeError(
      `points: a batch holds at most ${MAX_POINTS_PER_BATCH} points, this one has ${points.length}; split it.`,
    );
  }
}

/**
 * Stores one batch of metric points in one transaction: each touched chunk is
 * read, merged (a step logged again takes the new value) and written back with
 * its aggregates, and the per-key summary is updated. A batch id already stored
 * for the run is acknowledged without writing anything.
 */
export function appendMetricBatch(db: Db, runId: string, body: unknown): AppendResult {
  assertMetricBatchSize(body);
  const input = parseMetricBatch(body);
  const sqlite = db.$client;
  const s = statements(sqlite);
  const run = requireRunRow(db, runId);
  if (input.leaseToken) requireLease(db, runId, input.leaseToken);
  try {
    return sqlite.transaction(() => {
      if (!claimBatch(sqlite, run.pk, input.batchId, "metrics")) {
        return { batchId: input.batchId, duplicate: true, accepted: 0 };
      }
      const keyIds = internMetricKeys(sqlite, run.projectId, new Set(input.points.map((p) => p.key)));
      // Stable sort: a step repeated within the batch keeps its order, so the last one wins.
      const points = input.points
        .map((p) => ({ keyId: keyIds.get(p.key)!, step: p.step, value: p.value, wallTime: p.wallTime ?? NaN }))
        .sort((a, b) => a.keyId - b.keyId || a.step - b.step);

      let i = 0;
      while (i < points.length) {
        const { keyId } = points[i];
        let newPoints = 0;
        const first = points[i];
        let last = first;
        while (i < points.length && points[i].keyId === keyId) {
          const chunk = chunkOf(points[i].step);
          const incoming: ChunkPoints = { steps: [], values: [], wallTimes: [] };
          while (i < points.length && points[i].keyId === keyId && chunkOf(points[i].step) === chunk) {
            const p = points[i++];
            incoming.steps.push(p.step);
            incoming.values.push(p.value);
            incoming.wallTimes.push(p.wallTime);
            last = p;
          }
          const row = s.readChunk.get(run.pk, keyId, chunk) as StoredChunkRow | undefined;
          const appended = row && appendedChunk(chunk, row, incoming);
          if (appended) {
            newPoints += appended.count - row.count;
            writeChunk(s, run.pk, keyId, chunk, appended);
            continue;
          }
          const stored = row ? decodeChunk(chunk, row.offsets, row.values, row.wall_times) : null;
          const { merged, added: fresh } = mergeChunk(stored, incoming);
          newPoints += fresh;
          writeChunk(s, run.pk, keyId, chunk, encodeChunk(chunk, merged));
        }
        const lastWall = Number.isNaN(last.wallTime) ? null : last.wallTime;
        s.mergeSummary.run(run.pk, keyId, newPoints, first.step, last.step, last.value, lastWall);
      }
      touchRun(db, run.pk);
      return { batchId: input.batchId, duplicate: false, accepted: points.length };
    })();
  } catch (error) {
    forgetMetricKeys(sqlite);
    throw error;
  }
}
