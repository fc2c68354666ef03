import { z } from "zod";
import type { Db } from "@/db";
import { PayloadTooLargeError } from "../errors";
import { claimBatch } from "../runs/batches";
import { requireLease } from "../jobs/queue";
import { requireRunRow, touchRun } from "../runs/service";
import { batchId, parseOrThrow } from "../validation";
import type { AppendResult } from "../metrics/ingest";

export const MAX_LOG_CHUNKS_PER_BATCH = 10_000;
/**
 * Longer chunk texts are stored as several chunks of at most this many characters
 * (≤ 768 KiB of UTF-8), so that every read can be capped by bytes and still return
 * at least one whole chunk. Lines run on across chunks, so nothing changes on screen.
 */
export const MAX_STORED_CHUNK_CHARS = 256 * 1024;
/** `readLogs` returns at most this many bytes of text unless asked for less (or more, up to MAX_LOG_READ_BYTES). */
export const DEFAULT_LOG_READ_BYTES = 1024 * 1024;
export const MAX_LOG_READ_BYTES = 8 * 1024 * 1024;

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
    for (const c of input.chunks) for (const text of splitLongText(c.text)) insert.run(run.pk, ++seq, c.stream, text, now);
    touchRun(db, run.pk, now);
    return { batchId: input.batchId, duplicate: false, accepted: input.chunks.length };
  })();
}

/** `text` cut into pieces of at most MAX_STORED_CHUNK_CHARS, never inside a surrogate pair. */
export function splitLongText(text: string): string[] {
  if (text.length <= MAX_STORED_CHUNK_CHARS) return [text];
  const parts: string[] = [];
  for (let at = 0; at < text.length; ) {
    let end = Math.min(at + MAX_STORED_CHUNK_CHARS, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    parts.push(text.slice(at, end));
    at = end;
  }
  return parts;
}

/**
 * Chunks after `after` (exclusive), oldest first: at most `limit` chunks and `maxBytes` bytes of
 * text (UTF-8), and the cursor to ask from next. `more`: the read stopped at a limit, not at the
 * log's end. A stored chunk is at most 768 KiB, so the first one always fits.
 */
export function readLogs(
  db: Db,
  runId: string,
  after = 0,
  limit = 1000,
  maxBytes = DEFAULT_LOG_READ_BYTES,
): { chunks: LogChunk[]; nextAfter: number; more: boolean } {
  const run = requireRunRow(db, runId);
  const rows = db.$client
    .prepare("SELECT seq, stream, text, created_at AS createdAt FROM log_chunks WHERE run_pk = ? AND seq > ? ORDER BY seq LIMIT ?")
    .iterate(run.pk, after, limit + 1) as Iterable<LogChunk>;
  const chunks: LogChunk[] = [];
  let bytes = 0;
  let more = false;
  for (const row of rows) {
    const size = Buffer.byteLength(row.text, "utf8");
    if (chunks.length === limit || (chunks.length > 0 && bytes + size > maxBytes)) {
      more = true;
      break;
    }
    chunks.push(row);
    bytes += size;
  }
  return { chunks, nextAfter: chunks.length ? chunks[chunks.length - 1].seq : after, more };
}
