/** A record an import could not read and skipped, with where it is in the source file. */
export interface SkippedRecord {
  /** 1-based line of a JSON Lines file. */
  line?: number;
  /** Byte offset in the file (TensorBoard records, parquet row groups). */
  offset?: number;
  /** 0-based first row of a parquet row group. */
  row?: number;
  reason: string;
}

/** "line 12", "byte 4096", "rows 0–99 (byte 4)": where a skipped record is, for messages. */
export function describeLocation(s: SkippedRecord): string {
  const parts: string[] = [];
  if (s.line != null) parts.push(`line ${s.line}`);
  if (s.row != null) parts.push(`row ${s.row}`);
  if (s.offset != null) parts.push(parts.length ? `(byte ${s.offset})` : `byte ${s.offset}`);
  return parts.join(" ") || "somewhere in the file";
}

/** The warning an import reports for a skipped record, e.g. "big.jsonl line 3: skipped: not JSON (…)". */
export function skippedWarning(fileName: string | undefined, s: SkippedRecord): string {
  return `${fileName ? `${fileName} ` : ""}${describeLocation(s)}: skipped: ${s.reason}`;
}
