import { maskedCrc32c } from "./crc32c";

/**
 * TFRecord framing, as TensorBoard event files use it: each record is
 * `uint64 length | uint32 masked crc32c(length) | data | uint32 masked crc32c(data)`,
 * little-endian. Reading never throws: corrupt stretches are reported with their
 * byte offsets and skipped, and reading resumes at the next record whose two CRCs check.
 */

const HEADER_BYTES = 12;
const FOOTER_BYTES = 4;

export interface TfRecord {
  /** Byte offset of the record's header in the buffer. */
  offset: number;
  data: Uint8Array;
}

export interface FramingProblem {
  offset: number;
  end: number;
  reason: string;
}

export interface TfRecordScan {
  records: TfRecord[];
  problems: FramingProblem[];
  /** Everything before this offset is a whole record or a reported problem. */
  completeEnd: number;
}

type RecordAt =
  | { kind: "ok"; end: number; data: Uint8Array }
  | { kind: "incomplete"; needed: number }
  | { kind: "bad-header" }
  | { kind: "bad-data"; end: number };

const view = (buf: Uint8Array) => new DataView(buf.buffer, buf.byteOffset, buf.byteLength);

function recordAt(buf: Uint8Array, dv: DataView, pos: number): RecordAt {
  if (pos + HEADER_BYTES > buf.length) return { kind: "incomplete", needed: HEADER_BYTES };
  if (maskedCrc32c(buf, pos, pos + 8) !== dv.getUint32(pos + 8, true)) return { kind: "bad-header" };
  const length = Number(dv.getBigUint64(pos, true));
  const end = pos + HEADER_BYTES + length + FOOTER_BYTES;
  if (!Number.isSafeInteger(end) || end > buf.length) return { kind: "incomplete", needed: HEADER_BYTES + length + FOOTER_BYTES };
  const dataStart = pos + HEADER_BYTES;
  if (maskedCrc32c(buf, dataStart, dataStart + length) !== dv.getUint32(dataStart + length, true)) return { kind: "bad-data", end };
  return { kind: "ok", end, data: buf.subarray(dataStart, dataStart + length) };
}

/** Whether the buffer starts with a TFRecord header whose length CRC checks (1 in 2^32 for other content). */
export function startsWithTfRecord(buf: Uint8Array): boolean {
  const r = recordAt(buf, view(buf), 0);
  return r.kind === "ok" || r.kind === "bad-data" || (r.kind === "incomplete" && buf.length >= HEADER_BYTES);
}

/**
 * Splits a buffer into records. `final`: the buffer is the whole file, so a
 * record cut short at the end is reported as truncated; otherwise (a file still
 * being written) reading stops before it and `completeEnd` says where.
 */
export function scanTfRecords(buf: Uint8Array, opts: { final: boolean }): TfRecordScan {
  const dv = view(buf);
  const records: TfRecord[] = [];
  const problems: FramingProblem[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const r = recordAt(buf, dv, pos);
    if (r.kind === "ok") {
      records.push({ offset: pos, data: r.data });
      pos = r.end;
    } else if (r.kind === "bad-data") {
      problems.push({ offset: pos, end: r.end, reason: "data CRC mismatch: the record is corrupt" });
      pos = r.end;
    } else if (r.kind === "incomplete") {
      if (!opts.final) break;
      problems.push({ offset: pos, end: buf.length, reason: `truncated record: it needs ${r.needed} bytes, ${buf.length - pos} are left` });
      pos = buf.length;
    } else {
      const next = nextWholeRecord(buf, dv, pos + 1);
      if (next == null && !opts.final) break;
      const end = next ?? buf.length;
      problems.push({ offset: pos, end, reason: `corrupt record header (length CRC mismatch): ${end - pos} bytes skipped` });
      pos = end;
    }
  }
  return { records, problems, completeEnd: pos };
}

/** The offset of the next record whose header and data CRCs both check, if any. */
function nextWholeRecord(buf: Uint8Array, dv: DataView, from: number): number | undefined {
  for (let q = from; q + HEADER_BYTES + FOOTER_BYTES <= buf.length; q++) {
    if (recordAt(buf, dv, q).kind === "ok") return q;
  }
  return undefined;
}
