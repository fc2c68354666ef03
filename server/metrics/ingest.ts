import type Database from "better-sqlite3";
import type { Db } from "@/db";
import { requireLease } from "../jobs/queue";
import { requireRunRow, touchRun } from "../runs/service";
import { parseMetricBatch } from "./parse-batch";
import { chunkOf, decodeChunk, encodeChunk, mergeChunk, type ChunkPoints } from "./chunk-codec";
import { forgetMetricKeys, internMetricKeys } from "./metric-keys";
import { DIRECT_WRITE_POINTS, foldChunk, foldKeyTails, insertTail, MAX_TAIL_ROWS, tailStatements, writeChunkRow } from "./tails";

export { MAX_POINTS_PER_BATCH } from "./parse-batch";

export interface AppendResult {
  batchId: string;
  duplicate: boolean;
  accepted: number;
}

interface Statements {
  maxStep: Database.Statement;
  mergeSummary: Database.Statement;
  claim: Database.Statement;
}

const statementsByConnection = new WeakMap<Database.Database, Statements>();

function statements(sqlite: Database.Database): Statements {
  let s = statementsByConnection.get(sqlite);
  if (s) return s;
  s = {
    maxStep: sqlite.prepare("SELECT max_step FROM run_metric_summaries WHERE run_pk = ? AND key_id = ?").pluck(),
    mergeSummary: sqlite.prepare(`
      INSERT INTO run_metric_summaries (run_pk, key_id, count, min_step, max_step, last_value, last_wall_time)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (run_pk, key_id) DO UPDATE SET
        count = count + excluded.count,
        min_step = min(min_step, excluded.min_step),
        last_value = CASE WHEN excluded.max_step >= max_step THEN excluded.last_value ELSE last_value END,
        last_wall_time = CASE WHEN excluded.max_step >= max_step THEN excluded.last_wall_time ELSE last_wall_time END,
        max_step = max(max_step, excluded.max_step)`),
    claim: sqlite.prepare("INSERT OR IGNORE INTO ingest_batches (run_pk, batch_id, kind, created_at) VALUES (?, ?, 'metrics', ?)"),
  };
  statementsByConnection.set(sqlite, s);
  return s;
}

/**
 * Stores one batch of metric points in one transaction: points past the key's
 * stored steps go to small tail rows (./tails.ts); a batch that reaches back
 * has each touched chunk read, merged (a step logged again takes the new value)
 * and written back with its aggregates. The per-key summary is updated. A batch id already stored
 * for the run is acknowledged without writing anything.
 */
export function appendMetricBatch(db: Db, runId: string, body: unknown): AppendResult {
  const input = parseMetricBatch(body);
  const sqlite = db.$client;
  const s = statements(sqlite);
  const t = tailStatements(sqlite);
  const run = requireRunRow(db, runId);
  if (input.leaseToken) requireLease(db, runId, input.leaseToken);
  try {
    return sqlite.transaction(() => {
      if (s.claim.run(run.pk, input.batchId, Date.now()).changes === 0) {
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
        const storedMax = s.maxStep.get(run.pk, keyId) as number | undefined;
        // The common case: every point comes after the key's stored steps.
        const appending = storedMax === undefined || first.step > storedMax;
        if (!appending) foldKeyTails(t, run.pk, keyId);
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
          if (appending) {
            const piece = encodeChunk(chunk, mergeChunk(null, incoming).merged);
            newPoints += piece.count;
            if (piece.count >= DIRECT_WRITE_POINTS || (t.countTails.get(run.pk, keyId, chunk) as number) >= MAX_TAIL_ROWS - 1) {
              foldChunk(t, run.pk, keyId, chunk, piece);
            } else {
              insertTail(t, run.pk, keyId, chunk, piece);
            }
            continue;
          }
          const row = t.readChunk.get(run.pk, keyId, chunk) as { offsets: Buffer; values: Buffer; wall_times: Buffer | null } | undefined;
          const stored = row ? decodeChunk(chunk, row.offsets, row.values, row.wall_times) : null;
          const { merged, added: fresh } = mergeChunk(stored, incoming);
          newPoints += fresh;
          writeChunkRow(t, run.pk, keyId, chunk, encodeChunk(chunk, merged));
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
