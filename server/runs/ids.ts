import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

/** A short random run id (8 characters of [0-9a-z], ~41 bits), like W&B's. */
export function newRunId(): string {
  const bytes = randomBytes(8);
  let id = "";
  for (const b of bytes) id += ALPHABET[b % ALPHABET.length];
  return id;
}

/** Client-chosen ids (the SDKs pick one so an offline run can be synced later) must match this. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{3,63}$/;
