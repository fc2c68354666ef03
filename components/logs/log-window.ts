import type { LogChunk } from "@/server/logs/service";

/**
 * The part of a run's log held in the browser: a contiguous run of chunks,
 * and the bounds of the whole log on the server. It grows by pages at either
 * end and is trimmed at the other end past `MAX_WINDOW_CHARS`, so a 100 MB log
 * is never loaded whole.
 */
export interface LogWindow {
  chunks: LogChunk[];
  /** Seq of the first and last chunk stored on the server (0 while there is none). */
  firstSeq: number;
  lastSeq: number;
  loaded: boolean;
}

export interface LogPage {
  chunks: LogChunk[];
  firstSeq: number;
  lastSeq: number;
}

export const MAX_WINDOW_CHARS = 4 << 20;

export const EMPTY_WINDOW: LogWindow = { chunks: [], firstSeq: 0, lastSeq: 0, loaded: false };

const chars = (chunks: readonly LogChunk[]) => chunks.reduce((n, c) => n + c.text.length, 0);
const firstLoaded = (w: LogWindow) => w.chunks[0]?.seq;
const lastLoaded = (w: LogWindow) => w.chunks[w.chunks.length - 1]?.seq;

/** Older output exists on the server before the window. */
export const hasOlder = (w: LogWindow) => w.chunks.length > 0 && w.chunks[0].seq > w.firstSeq;
/** Newer output exists on the server after the window. */
export const hasNewer = (w: LogWindow) => (w.chunks.length ? lastLoaded(w)! < w.lastSeq : w.lastSeq > 0);
/** The seq to read newer output after. */
export const windowEnd = (w: LogWindow) => lastLoaded(w) ?? 0;
/** The seq to read older output before. */
export const windowStart = (w: LogWindow) => firstLoaded(w) ?? 0;

/** A fresh window from one page (the initial tail, or the region around a search hit). */
export function replaceWindow(page: LogPage): LogWindow {
  return { chunks: page.chunks, firstSeq: page.firstSeq, lastSeq: page.lastSeq, loaded: true };
}

/** Adds newer chunks at the end; drops the oldest chunks past the budget. */
export function appendPage(w: LogWindow, page: LogPage, maxChars = MAX_WINDOW_CHARS): LogWindow {
  const end = windowEnd(w);
  const fresh = page.chunks.filter((c) => c.seq > end);
  let chunks = fresh.length ? [...w.chunks, ...fresh] : w.chunks;
  let total = chars(chunks);
  let drop = 0;
  while (total > maxChars && drop < chunks.length - Math.max(1, fresh.length)) total -= chunks[drop++].text.length;
  if (drop) chunks = chunks.slice(drop);
  return { chunks, firstSeq: page.firstSeq, lastSeq: Math.max(page.lastSeq, w.lastSeq), loaded: true };
}

/** Adds older chunks at the start; drops the newest chunks past the budget. */
export function prependPage(w: LogWindow, page: LogPage, maxChars = MAX_WINDOW_CHARS): LogWindow {
  const start = firstLoaded(w) ?? Infinity;
  const older = page.chunks.filter((c) => c.seq < start);
  let chunks = older.length ? [...older, ...w.chunks] : w.chunks;
  let total = chars(chunks);
  let keep = chunks.length;
  while (total > maxChars && keep > Math.max(1, older.length)) total -= chunks[--keep].text.length;
  if (keep < chunks.length) chunks = chunks.slice(0, keep);
  return { chunks, firstSeq: page.firstSeq, lastSeq: Math.max(page.lastSeq, w.lastSeq), loaded: true };
}
