import { z } from "zod";
import type { Db } from "@/db";
import { NotFoundError, PayloadTooLargeError } from "../errors";
import { claimBatch } from "../runs/batches";
import { requireLease } from "../jobs/queue";
import { requireRunRow, touchRun } from "../runs/service";
import { batchId, parseOrThrow } from "../validation";
import type { AppendResult } from "../metrics/ingest";
import type { BlobStore } from "./blob-store";
import { INDEX_SELECT, toIndexRow, type TrajectoryIndexRow } from "./list-query";
import { trajectoryInput, type TrajectoryInput } from "./schema";

export type { TrajectoryIndexRow } from "./list-query";
export { listTrajectories, trajectoryListInput, type TrajectoryListInput } from "./list-query";

export const MAX_TRAJECTORIES_PER_BATCH = 1000;

export const trajectoryBatchInput = z.object({
  batchId,
  /** Sent by a worker agent: a write with a stale lease token is refused (409). */
  leaseToken: z.string().optional(),
  trajectories: z.array(trajectoryInput),
});

/** The stored `passed`: NULL when the outcome is unknown (sent as null, or an import's `metadata.outcomeKnown: false`). */
export function storedPassed(t: TrajectoryInput): 0 | 1 | null {
  if (t.passed == null || t.metadata.outcomeKnown === false) return null;
  return t.passed ? 1 : 0;
}

function indexColumns(t: TrajectoryInput) {
  let tokens: number | null = null;
  let durationMs: number | null = null;
  for (const turn of t.turns) {
    if (turn.tokens != null) tokens = (tokens ?? 0) + turn.tokens;
    if (turn.durationMs != null) durationMs = (durationMs ?? 0) + turn.durationMs;
  }
  return { numSteps: t.turns.filter((turn) => turn.role === "assistant").length, tokens, durationMs };
}

/**
 * Stores trajectories: their bodies as compressed blobs, durable on disk, first; then their
 * index rows in one transaction, so a crash never leaves a row pointing at a missing or torn
 * body. Resolves with the ids of the rows it inserted (none for a duplicate batch).
 */
export async function storeTrajectoryBatch(db: Db, blobs: BlobStore, runId: string, body: unknown): Promise<AppendResult & { ids: number[] }> {
  const n = (body as { trajectories?: unknown[] } | null)?.trajectories?.length ?? 0;
  if (n > MAX_TRAJECTORIES_PER_BATCH) {
    throw new PayloadTooLargeError(
      `trajectories: a batch holds at most ${MAX_TRAJECTORIES_PER_BATCH} trajectories, this one has ${n}.`,
    );
  }
  const input = parseOrThrow(trajectoryBatchInput, body);
  const first = requireRunRow(db, runId);
  if (input.leaseToken) requireLease(db, runId, input.leaseToken);
  const sqlite = db.$client;
  const isStored = sqlite.prepare("SELECT 1 FROM ingest_batches WHERE run_pk = ? AND batch_id = ?");
  if (isStored.get(first.pk, input.batchId)) return { batchId: input.batchId, duplicate: true, accepted: 0, ids: [] };
  // Blobs are content-addressed, so one written for a batch that then fails is harmless (the start sweep removes it).
  const pinned = await blobs.putPinned(input.trajectories.map((t) => JSON.stringify(t)));
  try {
    return sqlite.transaction(() => {
      // The run may have been purged, or its lease lost, while the bodies were written.
      const run = requireRunRow(db, runId);
      if (input.leaseToken) requireLease(db, runId, input.leaseToken);
      if (!claimBatch(sqlite, run.pk, input.batchId, "trajectories")) {
        return { batchId: input.batchId, duplicate: true, accepted: 0, ids: [] };
      }
      const insert = sqlite.prepare(`INSERT INTO trajectories
        (run_pk, step, skill, task_id, group_key, sample_index, reward, passed, advantage, num_steps, tokens, duration_ms, blob, size_bytes, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      const now = Date.now();
      const ids: number[] = [];
      input.trajectories.forEach((t, i) => {
        const c = indexColumns(t);
        const blob = pinned.blobs[i];
        const row = insert.run(run.pk, t.step, t.skill, t.taskId, t.groupKey ?? null, t.sampleIndex ?? null, t.reward, storedPassed(t),
          t.advantage ?? null, c.numSteps, c.tokens, c.durationMs, blob.hash, blob.sizeBytes, now);
        ids.push(Number(row.lastInsertRowid));
      });
      touchRun(db, run.pk, now);
      return { batchId: input.batchId, duplicate: false, accepted: ids.length, ids };
    })();
  } finally {
    pinned.release();
  }
}

/** `storeTrajectoryBatch` answered as REST v1 does: the batch id, whether it was a duplicate and how many were accepted. */
export async function appendTrajectoryBatch(db: Db, blobs: BlobStore, runId: string, body: unknown): Promise<AppendResult> {
  const { ids: _ids, ...result } = await storeTrajectoryBatch(db, blobs, runId, body);
  return result;
}

/** The full trajectory body with its index row. */
export function getTrajectory(db: Db, blobs: BlobStore, id: number): { index: TrajectoryIndexRow; trajectory: unknown } {
  const row = db.$client.prepare(`${INDEX_SELECT} WHERE t.id = ?`).get(id) as TrajectoryIndexRow | undefined;
  if (!row) throw new NotFoundError("Trajectory", id);
  const blob = db.$client.prepare("SELECT blob FROM trajectories WHERE id = ?").pluck().get(id) as string;
  return { index: toIndexRow(row), trajectory: JSON.parse(blobs.get(blob).toString("utf8")) };
}
