import { randomBytes, randomUUID } from "node:crypto";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

/** Run ids the server accepts from clients: 4–64 letters, digits, '_' or '-', starting with a letter or digit. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{3,63}$/;

/**
 * A new run id, 8 random characters of [0-9a-z]. The SDK picks it, not the
 * server, so a run spooled or logged offline is created later under the same id.
 */
export function newRunId(): string {
  let id = "";
  // 252 = 7 * 36: rejecting bytes above it keeps every character equally likely.
  while (id.length < 8) for (const b of randomBytes(16)) if (b < 252 && id.length < 8) id += ALPHABET[b % 36];
  return id;
}

/** A batch id: the server stores a batch once per (run, batch id), so a resent batch is not stored twice. */
export const newBatchId = (): string => randomUUID();
