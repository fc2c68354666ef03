import type { Db } from "@/db";
import { appendLogBatch, MAX_LOG_CHUNKS_PER_BATCH } from "../logs/service";
import { PayloadTooLargeError } from "../errors";
import { parseOrThrow } from "../validation";
import { contentBatchId } from "./batch-ids";
import { logsBatchBody } from "./payloads";

/**
 * `POST /api/logs/batch`: the lines rllm's TeeStream captured from stdout/stderr become
 * log chunks of the run, one line each (the newline TeeStream split off is put back).
 */
export function appendRllmLogs(db: Db, body: unknown): { accepted: number; duplicate: boolean } {
  const n = (body as { logs?: unknown[] } | null)?.logs?.length ?? 0;
  if (n > MAX_LOG_CHUNKS_PER_BATCH) throw new PayloadTooLargeError(`logs: a batch holds at most ${MAX_LOG_CHUNKS_PER_BATCH} lines, this one has ${n}.`);
  const input = parseOrThrow(logsBatchBody, body);
  const chunks = input.logs.map((l) => ({ stream: l.stream, text: `${l.message}\n` }));
  const batchId = contentBatchId("logs", input.logs.map((l) => [l.timestamp, l.stream, l.message]));
  const result = appendLogBatch(db, input.session_id, { batchId, chunks });
  return { accepted: result.accepted, duplicate: result.duplicate };
}
