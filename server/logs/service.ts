import { z } from "zod";
import type { Db } from "@/db";
import { PayloadTooLargeError } from "../errors";
import { claimBatch } from "../runs/batches";
import { requireLease } from "../jobs/queue";
import { requireRunRow, touchRun } from "../runs/service";
import { batchId, parseOrThrow } from "../validation";
import type { AppendResult } from "../metrics/ingest";

export const MAX_LOG_CHUNKS_PER_BATCH = 10_000;

export const logBatchInput = z.object({
  batchId,
  /** Sent by a worker agent: a write with a stale lease token is refused (409). */
  leaseToken: z.string().optional(),
  chunks: z.array(z.object({ stream: z.enum(["stdout", "stderr"]), text: z.string() })),
});

export interface LogChunk {
  seq: number;
  stream: "stdout" | "stderr";
  text: string;
  createdAt: number;
}

/** Appends log chunks in order; `seq` counts up from 1 per run. */
export function appendLogBatch(db: Db, runId: string, body: unknown): AppendResult {
  const n = (body as { chunks?: unknown[] } | null)?.chunks?.length ?? 0;
  if (n > MAX_LOG_CHUNKS_PER_BATCH) {
    throw new PayloadTooLargeError(`chunks: a batch holds at most ${MAX_LOG_CHUNKS_PER_BATCH} chunks, this one has ${n}.`);
  }
  const input = parseOrThrow(logBatchInput, body);
  const run = requireRunRow(db, runId);
  if (input.leaseToken) requireLease(db, runId, input.leaseToken);
  const sqlite = db.$client;
  return sqlite.transaction(() => {
    if (!claimBatch(sqlite, run.pk, input.batchId, "logs")) return { batchId: input.batchId, duplicate: true, accepted: 0 };
    let seq = sqlite.prepare("SELECT coalesce(max(seq), 0) FROM log_chunks WHERE run_pk = ?").pluck().get(run.pk) as number;
    const insert = sqlite.prepare("INSERT INTO log_chunks (run_pk, seq, stream, text, created_at) VALUES (?, ?, ?, ?, ?)");
    const now = Date.now();
    for (const c of input.chunks) insert.run(run.pk, ++seq, c.stream, c.text, now);
    touchRun(db, run.pk, now);
    return { batchId: input.batchId, duplicate: false, accepted: input.chunks.length };
  })();
}

/** Chunks after `after` (exclusive), oldest first, and the seq to ask from next. */
export function readLogs(db: Db, runId: string, after = 0, limit = 1000): { chunks: LogChunk[]; nextAfter: number } {
  const run = requireRunRow(db, runId);
  const chunks = db.$client
    .prepare(
      "SELECT seq, stream, text, created_at AS createdAt FROM log_chunks WHERE run_pk = ? AND seq > ? ORDER BY seq LIMIT ?",
    )
    .all(run.pk, after, limit) as LogChunk[];
  return { chunks, nextAfter: chunks.length ? chunks[chunks.length - 1].seq : after };
}
