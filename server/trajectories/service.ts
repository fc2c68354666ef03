import { z } from "zod";
import type { Db } from "@/db";
import { BadRequestError, NotFoundError, PayloadTooLargeError } from "../errors";
import { claimBatch } from "../runs/batches";
import { requireLease } from "../jobs/queue";
import { requireRunRow, touchRun } from "../runs/service";
import { batchId, parseOrThrow } from "../validation";
import type { AppendResult } from "../metrics/ingest";
import type { BlobStore } from "./blob-store";
import { trajectoryInput, type TrajectoryInput } from "./schema";

export const MAX_TRAJECTORIES_PER_BATCH = 1000;

export const trajectoryBatchInput = z.object({
  batchId,
  /** Sent by a worker agent: a write with a stale lease token is refused (409). */
  leaseToken: z.string().optional(),
  trajectories: z.array(trajectoryInput),
});

export interface TrajectoryIndexRow {
  id: number;
  runId: string;
  step: number;
  skill: string;
  taskId: string;
  groupKey: string | null;
  sampleIndex: number | null;
  reward: number;
  passed: boolean;
  advantage: number | null;
  numSteps: number;
  tokens: number | null;
  durationMs: number | null;
  sizeBytes: number;
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

/** Stores trajectories: bodies as compressed blobs first, then their index rows in one transaction. */
export function appendTrajectoryBatch(db: Db, blobs: BlobStore, runId: string, body: unknown): AppendResult {
  const n = (body as { trajectories?: unknown[] } | null)?.trajectories?.length ?? 0;
  if (n > MAX_TRAJECTORIES_PER_BATCH) {
    throw new PayloadTooLargeError(
      `trajectories: a batch holds at most ${MAX_TRAJECTORIES_PER_BATCH} trajectories, this one has ${n}.`,
    );
  }
  const input = parseOrThrow(trajectoryBatchInput, body);
  const run = requireRunRow(db, runId);
  if (input.leaseToken) requireLease(db, runId, input.leaseToken);
  const sqlite = db.$client;
  const already = sqlite
    .prepare("SELECT 1 FROM ingest_batches WHERE run_pk = ? AND batch_id = ?")
    .get(run.pk, input.batchId);
  if (already) return { batchId: input.batchId, duplicate: true, accepted: 0 };
  // Blobs are content-addressed, so one written for a batch that then fails is harmless.
  const stored = input.trajectories.map((t) => ({ t, blob: blobs.put(JSON.stringify(t)) }));
  return sqlite.transaction(() => {
    if (!claimBatch(sqlite, run.pk, input.batchId, "trajectories")) {
      return { batchId: input.batchId, duplicate: true, accepted: 0 };
    }
    const insert = sqlite.prepare(`INSERT INTO trajectories
      (run_pk, step, skill, task_id, group_key, sample_index, reward, passed, advantage, num_steps, tokens, duration_ms, blob, size_bytes, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const now = Date.now();
    for (const { t, blob } of stored) {
      const c = indexColumns(t);
      insert.run(run.pk, t.step, t.skill, t.taskId, t.groupKey ?? null, t.sampleIndex ?? null, t.reward, t.passed ? 1 : 0,
        t.advantage ?? null, c.numSteps, c.tokens, c.durationMs, blob.hash, blob.sizeBytes, now);
    }
    touchRun(db, run.pk, now);
    return { batchId: input.batchId, duplicate: false, accepted: stored.length };
  })();
}

export const trajectoryListInput = z.object({
  skill: z.string().optional(),
  taskId: z.string().optional(),
  stepMin: z.number().int().min(0).optional(),
  stepMax: z.number().int().min(0).optional(),
  passed: z.boolean().optional(),
  limit: z.number().int().min(1).max(1000).default(100),
  cursor: z.string().optional(),
});
export type TrajectoryListInput = z.input<typeof trajectoryListInput>;

const encodeCursor = (id: number) => Buffer.from(String(id)).toString("base64url");
function decodeCursor(cursor: string): number {
  const id = Number(Buffer.from(cursor, "base64url").toString());
  if (!Number.isInteger(id)) throw new BadRequestError("cursor: not a cursor this API returned.");
  return id;
}

const INDEX_SELECT = `SELECT t.id, r.id AS runId, t.step, t.skill, t.task_id AS taskId, t.group_key AS groupKey,
  t.sample_index AS sampleIndex, t.reward, t.passed, t.advantage, t.num_steps AS numSteps, t.tokens,
  t.duration_ms AS durationMs, t.size_bytes AS sizeBytes FROM trajectories t JOIN runs r ON r.pk = t.run_pk`;

const toIndexRow = (row: TrajectoryIndexRow) => ({ ...row, passed: Boolean(row.passed) });

/** One page of a run's trajectory index, oldest first; `nextCursor` is null on the last page. */
export function listTrajectories(
  db: Db,
  runId: string,
  raw: TrajectoryListInput,
): { trajectories: TrajectoryIndexRow[]; nextCursor: string | null } {
  const q = parseOrThrow(trajectoryListInput, raw);
  const run = requireRunRow(db, runId);
  const where = ["t.run_pk = @run"];
  const params: Record<string, unknown> = { run: run.pk, limit: q.limit + 1 };
  if (q.skill) (where.push("t.skill = @skill"), (params.skill = q.skill));
  if (q.taskId) (where.push("t.task_id = @taskId"), (params.taskId = q.taskId));
  if (q.stepMin != null) (where.push("t.step >= @stepMin"), (params.stepMin = q.stepMin));
  if (q.stepMax != null) (where.push("t.step <= @stepMax"), (params.stepMax = q.stepMax));
  if (q.passed != null) (where.push("t.passed = @passed"), (params.passed = q.passed ? 1 : 0));
  if (q.cursor) {
    where.push("t.id > @after");
    params.after = decodeCursor(q.cursor);
  }
  const rows = db.$client
    .prepare(`${INDEX_SELECT} WHERE ${where.join(" AND ")} ORDER BY t.id LIMIT @limit`)
    .all(params) as TrajectoryIndexRow[];
  const page = rows.slice(0, q.limit).map(toIndexRow);
  return { trajectories: page, nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1].id) : null };
}

/** The full trajectory body with its index row. */
export function getTrajectory(db: Db, blobs: BlobStore, id: number): { index: TrajectoryIndexRow; trajectory: unknown } {
  const row = db.$client.prepare(`${INDEX_SELECT} WHERE t.id = ?`).get(id) as TrajectoryIndexRow | undefined;
  if (!row) throw new NotFoundError("Trajectory", id);
  const blob = db.$client.prepare("SELECT blob FROM trajectories WHERE id = ?").pluck().get(id) as string;
  return { index: toIndexRow(row), trajectory: JSON.parse(blobs.get(blob).toString("utf8")) };
}
