import fs from "node:fs";
import { looksLikeWholeParquet } from "@/server/importers/parquet-rows";
import { MAX_IMPORT_BYTES } from "@/server/importers/limits";
import { scanTfRecords } from "@/server/importers/tfrecord";
import type { FollowedKind } from "./followed-files";

/** Whole records of a followed file, from `offset` to `end`, to send in one request. */
export interface Chunk {
  offset: number;
  end: number;
  body: Buffer;
  /** Newlines in the chunk (JSON Lines: lines it holds). */
  lines: number;
}

export type NextChunk = { chunk: Chunk } | { waiting: string } | { upToDate: true };

function readRange(file: string, offset: number, length: number): Buffer {
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
      const n = fs.readSync(fd, buf, got, length - got, offset + got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  } finally {
    fs.closeSync(fd);
  }
}

const countNewlines = (b: Buffer) => {
  let n = 0;
  for (let i = b.indexOf(0x0a); i !== -1; i = b.indexOf(0x0a, i + 1)) n++;
  return n;
};

/** The same bytes as before (a chunk whose answer never came): sent again so the server recognises them. */
export function rereadChunk(file: string, offset: number, end: number): Chunk | undefined {
  const body = readRange(file, offset, end - offset);
  return body.length === end - offset ? { offset, end, body, lines: countNewlines(body) } : undefined;
}

/**
 * The next complete records of a file a trainer may still be writing: JSON
 * Lines up to the last newline (a partial last line waits), TFRecord events up
 * to the last whole record, a parquet file once its footer is written. At most
 * `maxBytes` per chunk unless one record is bigger.
 */
export function nextChunk(file: string, kind: FollowedKind, offset: number, line: number, maxBytes: number): NextChunk {
  const size = fs.statSync(file).size;
  if (size <= offset) return { upToDate: true };
  if (kind === "parquet") {
    if (offset > 0) return { upToDate: true };
    const body = readRange(file, 0, size);
    return looksLikeWholeParquet(body) ? { chunk: { offset: 0, end: body.length, body, lines: 0 } } : { waiting: "the parquet file has no footer yet" };
  }
  const capped = size - offset > maxBytes;
  let body = readRange(file, offset, Math.min(size - offset, maxBytes));
  let end = completeEnd(kind, body);
  if (end === 0 && capped) {
    // One record bigger than a chunk: read up to the largest upload.
    body = readRange(file, offset, Math.min(size - offset, MAX_IMPORT_BYTES));
    end = completeEnd(kind, body);
  }
  if (end === 0) return { waiting: kind === "lines" ? `line ${line} is not complete yet` : `the record at byte ${offset} is not complete yet` };
  const chunk = body.subarray(0, end);
  return { chunk: { offset, end: offset + end, body: chunk, lines: kind === "lines" ? countNewlines(chunk) : 0 } };
}

function completeEnd(kind: FollowedKind, body: Buffer): number {
  if (kind === "lines") return body.lastIndexOf(0x0a) + 1;
  return scanTfRecords(body, { final: false }).completeEnd;
}
