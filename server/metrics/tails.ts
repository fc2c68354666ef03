import type Database from "better-sqlite3";
import { CHUNK_STEPS, decodeChunk, encodeChunk, mergeChunk, type EncodedChunk } from "./chunk-codec";

/**
 * Tails: a batch whose points all come after a key's stored steps is written as a small tail row
 * per chunk (metric_tails) instead of rewriting the chunk's packed blobs, which grow to 18 KB per
 * key: a trainer sending 10 steps a second would otherwise rewrite each of its keys' chunks every
 * second. A chunk takes its tails in one rewrite once MAX_TAIL_ROWS have gathered, when a batch
 * brings DIRECT_WRITE_POINTS points or more, or before a batch that reaches back into stored steps.
 */
export const MAX_TAIL_ROWS = 32;
export const DIRECT_WRITE_POINTS = 48;

interface StoredPartRow {
  count: number;
  sum: number;
  min: number;
  max: number;
  last_step: number;
  last_wall_time: number | null;
  offsets: Buffer;
  values: Buffer;
  wall_times: Buffer | null;
}

export interface TailStatements {
  readChunk: Database.Statement;
  writeChunk: Database.Statement;
  readTails: Database.Statement;
  insertTail: Database.Statement;
  deleteTails: Database.Statement;
  countTails: Database.Statement;
  tailChunks: Database.Statement;
}

/**
 * A key's stored points as its chunk rows, each followed by its tails in step order: `columns`
 * (starting with `chunk`) from both tables, filtered by `where`, plus a last `part` column.
 */
export const chunkPartsSql = (columns: string, where: string) =>
  `SELECT ${columns}, -1 AS part FROM metric_chunks WHERE ${where}
   UNION ALL SELECT ${columns}, first_step AS part FROM metric_tails WHERE ${where}
   ORDER BY chunk, part`;

const PART_COLUMNS = `count, sum, min, max, last_step, last_wall_time, offsets, "values", wall_times`;
const statementsByConnection = new WeakMap<Database.Database, TailStatements>();

export function tailStatements(sqlite: Database.Database): TailStatements {
  let s = statementsByConnection.get(sqlite);
  if (s) return s;
  s = {
    readChunk: sqlite.prepare(`SELECT ${PART_COLUMNS} FROM metric_chunks WHERE run_pk = ? AND key_id = ? AND chunk = ?`),
    writeChunk: sqlite.prepare(`INSERT OR REPLACE INTO metric_chunks
      (run_pk, key_id, chunk, count, sum, min, max, last_step, last_wall_time, offsets, "values", wall_times)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    readTails: sqlite.prepare(`SELECT ${PART_COLUMNS} FROM metric_tails WHERE run_pk = ? AND key_id = ? AND chunk = ? ORDER BY first_step`),
    insertTail: sqlite.prepare(`INSERT INTO metric_tails
      (run_pk, key_id, chunk, first_step, count, sum, min, max, last_step, last_wall_time, offsets, "values", wall_times)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    deleteTails: sqlite.prepare("DELETE FROM metric_tails WHERE run_pk = ? AND key_id = ? AND chunk = ?"),
    countTails: sqlite.prepare("SELECT count(*) FROM metric_tails WHERE run_pk = ? AND key_id = ? AND chunk = ?").pluck(),
    tailChunks: sqlite.prepare("SELECT DISTINCT chunk FROM metric_tails WHERE run_pk = ? AND key_id = ?").pluck(),
  };
  statementsByConnection.set(sqlite, s);
  return s;
}

const partOf = (row: StoredPartRow): EncodedChunk => ({
  count: row.count,
  sum: row.sum,
  min: row.min,
  max: row.max,
  lastStep: row.last_step,
  lastWallTime: row.last_wall_time,
  offsets: row.offsets,
  values: row.values,
  wallTimes: row.wall_times,
});

const firstStepOf = (chunk: number, part: EncodedChunk) => chunk * CHUNK_STEPS + part.offsets.readUInt16LE(0);
const nanWallTimes = (n: number) => Buffer.from(new Float64Array(n).fill(NaN).buffer);

/** Parts in step order, each past the one before: their blobs joined as bytes and their aggregates carried on. */
function concatParts(parts: EncodedChunk[]): EncodedChunk {
  const last = parts[parts.length - 1];
  const anyWall = parts.some((p) => p.wallTimes);
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const p of parts) {
    count += p.count;
    sum += p.sum;
    if (p.min < min) min = p.min;
    if (p.max > max) max = p.max;
  }
  return {
    count,
    sum,
    min,
    max,
    lastStep: last.lastStep,
    lastWallTime: last.lastWallTime,
    offsets: Buffer.concat(parts.map((p) => p.offsets)),
    values: Buffer.concat(parts.map((p) => p.values)),
    wallTimes: anyWall ? Buffer.concat(parts.map((p) => p.wallTimes ?? nanWallTimes(p.count))) : null,
  };
}

/** Parts in any order: decoded and merged, a later part's step replacing an earlier one's. */
function mergeParts(chunk: number, parts: EncodedChunk[]): EncodedChunk {
  let merged = null;
  for (const p of parts) merged = mergeChunk(merged, decodeChunk(chunk, p.offsets, p.values, p.wallTimes)).merged;
  return encodeChunk(chunk, merged!);
}

export function writeChunkRow(s: TailStatements, runPk: number, keyId: number, chunk: number, e: EncodedChunk): void {
  s.writeChunk.run(runPk, keyId, chunk, e.count, e.sum, e.min, e.max, e.lastStep, e.lastWallTime, e.offsets, e.values, e.wallTimes);
}

export function insertTail(s: TailStatements, runPk: number, keyId: number, chunk: number, e: EncodedChunk): void {
  s.insertTail.run(runPk, keyId, chunk, firstStepOf(chunk, e), e.count, e.sum, e.min, e.max, e.lastStep, e.lastWallTime, e.offsets, e.values, e.wallTimes);
}

/**
 * Rewrites one chunk row as its stored row, its tails and `extra` (points past all of them), and
 * drops the tails. Returns the stored points (null when there was nothing to fold). Call inside
 * the batch's transaction.
 */
export function foldChunk(s: TailStatements, runPk: number, keyId: number, chunk: number, extra: EncodedChunk | null = null): EncodedChunk | null {
  const tails = (s.readTails.all(runPk, keyId, chunk) as StoredPartRow[]).map(partOf);
  if (!tails.length && !extra) return null;
  const row = s.readChunk.get(runPk, keyId, chunk) as StoredPartRow | undefined;
  const parts = [...(row ? [partOf(row)] : []), ...tails, ...(extra ? [extra] : [])];
  const inOrder = parts.every((p, i) => i === 0 || firstStepOf(chunk, p) > parts[i - 1].lastStep);
  const folded = parts.length === 1 ? parts[0] : inOrder ? concatParts(parts) : mergeParts(chunk, parts);
  writeChunkRow(s, runPk, keyId, chunk, folded);
  if (tails.length) s.deleteTails.run(runPk, keyId, chunk);
  return folded;
}

/** Folds every tail of one run's key (before a batch that reaches back into its stored steps). */
export function foldKeyTails(s: TailStatements, runPk: number, keyId: number): void {
  for (const chunk of s.tailChunks.all(runPk, keyId) as number[]) foldChunk(s, runPk, keyId, chunk);
}

/** Folds every tail in the database (maintenance and tests: reads never need it). */
export function foldAllTails(sqlite: Database.Database): number {
  const s = tailStatements(sqlite);
  const groups = sqlite.prepare("SELECT DISTINCT run_pk, key_id, chunk FROM metric_tails").raw().all() as [number, number, number][];
  sqlite.transaction(() => {
    for (const [runPk, keyId, chunk] of groups) foldChunk(s, runPk, keyId, chunk);
  })();
  return groups.length;
}
