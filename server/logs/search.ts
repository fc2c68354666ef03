import type { Db } from "@/db";
import { requireRunRow } from "../runs/service";
import type { LogChunk } from "./service";

/** One line of the log that contains the query. */
export interface LogMatch {
  /** The chunk the line is in, and the line's index within that chunk's text split at `\n`. */
  seq: number;
  line: number;
  stream: LogChunk["stream"];
  /** The line, cut to about `PREVIEW_CHARS` around the first match. */
  preview: string;
}

export interface LogSearchResult {
  matches: LogMatch[];
  /** More lines match than `limit`. */
  more: boolean;
}

export const DEFAULT_SEARCH_LIMIT = 1000;
const PREVIEW_CHARS = 200;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function preview(line: string, at: number): string {
  if (line.length <= PREVIEW_CHARS) return line;
  const start = Math.max(0, Math.min(at - PREVIEW_CHARS / 4, line.length - PREVIEW_CHARS));
  return `${start > 0 ? "…" : ""}${line.slice(start, start + PREVIEW_CHARS)}${start + PREVIEW_CHARS < line.length ? "…" : ""}`;
}

/**
 * Lines of a run's log that contain `query` (case-insensitive), oldest first.
 * SQLite picks the chunks (`LIKE`, without loading the log into memory); each
 * chosen chunk is split into lines here. A match that straddles two chunks is not found.
 */
export function searchLogs(db: Db, runId: string, query: string, limit = DEFAULT_SEARCH_LIMIT): LogSearchResult {
  const run = requireRunRow(db, runId);
  const needle = query.toLowerCase();
  const matches: LogMatch[] = [];
  if (!needle) return { matches, more: false };
  const rows = db.$client
    .prepare("SELECT seq, stream, text FROM log_chunks WHERE run_pk = ? AND text LIKE ? ESCAPE '\\' ORDER BY seq")
    .iterate(run.pk, `%${escapeLike(query)}%`) as Iterable<Pick<LogChunk, "seq" | "stream" | "text">>;
  for (const chunk of rows) {
    const lines = chunk.text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const at = lines[i].toLowerCase().indexOf(needle);
      if (at < 0) continue;
      if (matches.length === limit) return { matches, more: true };
      matches.push({ seq: chunk.seq, line: i, stream: chunk.stream, preview: preview(lines[i], at) });
    }
  }
  return { matches, more: false };
}
