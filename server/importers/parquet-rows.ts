import { parquetMetadata, parquetReadObjects, parquetSchema } from "hyparquet";
import { BadRequestError } from "../errors";
import type { SkippedRecord } from "./skipped-records";

const MAGIC = "PAR1";
const NUMERIC_TYPES = new Set(["DOUBLE", "FLOAT", "INT32", "INT64"]);

export const startsWithParquetMagic = (bytes: Uint8Array) => bytes.length >= 4 && new TextDecoder().decode(bytes.subarray(0, 4)) === MAGIC;

/**
 * Whether a parquet file looks whole: the magic at both ends and a footer
 * length that fits. A file still being written (pandas/pyarrow write the footer
 * last) fails this.
 */
export function looksLikeWholeParquet(bytes: Uint8Array): boolean {
  if (bytes.length < 12 || !startsWithParquetMagic(bytes)) return false;
  if (new TextDecoder().decode(bytes.subarray(bytes.length - 4)) !== MAGIC) return false;
  const footer = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(bytes.length - 8, true);
  return footer + 12 <= bytes.length;
}

export interface ParquetRows {
  /** Top-level column names in file order. */
  columns: string[];
  /** Top-level columns of a numeric physical type (DOUBLE, FLOAT, INT32, INT64): TRL's reward columns are among them. */
  numericColumns: Set<string>;
  /** Rows as objects, with 0-based `row` numbers; a row group that cannot be read is left out and reported. */
  rows: { row: number; values: Record<string, unknown> }[];
  skipped: SkippedRecord[];
  /** The file's key/value metadata (pandas keeps its schema under `pandas`). */
  keyValue: Record<string, string>;
}

/** JSON-friendly cell values: INT64 bigints as numbers (or strings past 2^53), dates as ISO strings, NaN as null. */
function plain(value: unknown): unknown {
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (typeof value === "number" && !Number.isFinite(value)) return null;
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

/**
 * Reads a whole parquet file into rows, one row group at a time, so that a
 * corrupt row group is reported (with its rows and byte offset) and the others
 * are still read. A footer that cannot be read is a 400.
 */
export async function readParquetRows(bytes: Uint8Array): Promise<ParquetRows> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  if (!looksLikeWholeParquet(bytes)) {
    throw new BadRequestError(
      `The file starts like a Parquet file but is not whole (${bytes.length} bytes; the footer and closing 'PAR1' magic are missing or cut short): it may still be being written.`,
    );
  }
  let metadata;
  try {
    metadata = parquetMetadata(file);
  } catch (error) {
    const footerAt = bytes.length - 8 - new DataView(file).getUint32(bytes.length - 8, true);
    throw new BadRequestError(`The Parquet footer (byte ${footerAt}) cannot be read: ${(error as Error).message}`);
  }
  const top = parquetSchema(metadata).children;
  const columns = top.map((c) => c.element.name);
  const numericColumns = new Set(top.filter((c) => !c.children.length && NUMERIC_TYPES.has(c.element.type ?? "")).map((c) => c.element.name));
  const keyValue = Object.fromEntries((metadata.key_value_metadata ?? []).map((kv) => [kv.key, kv.value ?? ""]));
  const out: ParquetRows = { columns, numericColumns, rows: [], skipped: [], keyValue };
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const n = Number(group.num_rows);
    const rowEnd = rowStart + n;
    try {
      const rows = await parquetReadObjects({ file, metadata, rowStart, rowEnd });
      rows.forEach((r, i) => out.rows.push({ row: rowStart + i, values: plain(r) as Record<string, unknown> }));
    } catch (error) {
      const first = group.columns[0]?.meta_data;
      const offset = Number(first?.dictionary_page_offset ?? first?.data_page_offset ?? group.file_offset ?? 0);
      out.skipped.push({ row: rowStart, offset, reason: `rows ${rowStart}–${rowEnd - 1} (one row group) cannot be read: ${(error as Error).message}` });
    }
    rowStart = rowEnd;
  }
  return out;
}

/** The top-level column names, from the footer alone (no row is read). Throws a 400 like `readParquetRows`. */
export function parquetColumns(bytes: Uint8Array): string[] {
  if (!looksLikeWholeParquet(bytes)) throw new BadRequestError(`The file starts like a Parquet file but is not whole (${bytes.length} bytes; no footer).`);
  try {
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    return parquetSchema(parquetMetadata(file)).children.map((c) => c.element.name);
  } catch (error) {
    throw new BadRequestError(`The Parquet footer cannot be read: ${(error as Error).message}`);
  }
}
