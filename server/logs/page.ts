import type { Db } from "@/db";
import { requireRunRow } from "../runs/service";
import type { LogChunk } from "./service";

/** A contiguous slice of a run's log, oldest chunk first, with the bounds of the whole log. */
export interface LogPage {
  chunks: LogChunk[];
  /** Seq of the run's first and last stored chunk; both 0 while the run has no output. */
  firstSeq: number;
  lastSeq: number;
}

export interface LogPageQuery {
  /** Read backwards: the chunks just before this seq (exclusive); the log's end when neither bound is given. */
  before?: number;
  /** Read forwards: the chunks just after this seq (exclusive). */
  after?: number;
  /** Most chunks in the page. Default 500. */
  limit?: number;
  /** Stop once the page holds this many characters of text (at least one chunk is returned). Default 512 Ki. */
  maxChars?: number;
}

export const DEFAULT_PAGE_CHUNKS = 500;
export const DEFAULT_PAGE_CHARS = 512 * 1024;

const COLUMNS = "seq, stream, text, created_at AS createdAt";

/** The statements a page reads with: each is an indexed search of one run's chunks, never a scan of the log. */
export const LOG_PAGE_SQL = {
  first: "SELECT seq FROM log_chunks WHERE run_pk = ? ORDER BY seq ASC LIMIT 1",
  last: "SELECT seq FROM log_chunks WHERE run_pk = ? ORDER BY seq DESC LIMIT 1",
  after: `SELECT ${COLUMNS} FROM log_chunks WHERE run_pk = ? AND seq > ? ORDER BY seq LIMIT ?`,
  before: `SELECT ${COLUMNS} FROM log_chunks WHERE run_pk = ? AND seq < ? ORDER BY seq DESC LIMIT ?`,
};

/** Takes rows until the character budget is spent; the first row always fits. */
function takeWithinChars(rows: Iterable<LogChunk>, maxChars: number): LogChunk[] {
  const out: LogChunk[] = [];
  let chars = 0;
  for (const row of rows) {
    if (out.length > 0 && chars + row.text.length > maxChars) break;
    out.push(row);
    chars += row.text.length;
  }
  return out;
}

/**
 * One page of a run's log, read from the end backwards (the initial tail, then
 * older pages on scroll-up) or from a seq forwards. Pages are capped by chunk
 * count and by characters, so a 100 MB log is never sent at once.
 */
export function readLogPage(db: Db, runId: string, query: LogPageQuery = {}): LogPage {
  const run = requireRunRow(db, runId);
  const sqlite = db.$client;
  const limit = query.limit ?? DEFAULT_PAGE_CHUNKS;
  const maxChars = query.maxChars ?? DEFAULT_PAGE_CHARS;
  const bound = (sql: string) => (sqlite.prepare(sql).pluck().get(run.pk) as number | undefined) ?? 0;

  let chunks: LogChunk[];
  if (query.after !== undefined) {
    const rows = sqlite.prepare(LOG_PAGE_SQL.after).iterate(run.pk, query.after, limit);
    chunks = takeWithinChars(rows as Iterable<LogChunk>, maxChars);
  } else {
    const before = query.before ?? Number.MAX_SAFE_INTEGER;
    const rows = sqlite.prepare(LOG_PAGE_SQL.before).iterate(run.pk, before, limit);
    chunks = takeWithinChars(rows as Iterable<LogChunk>, maxChars).reverse();
  }
  return { chunks, firstSeq: bound(LOG_PAGE_SQL.first), lastSeq: bound(LOG_PAGE_SQL.last) };
}
