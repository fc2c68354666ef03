import type { Db } from "@/db";
import { BadRequestError } from "../errors";
import { parseOrThrow } from "../validation";
import { afterClause, orderClause, type PagedRow, type Position } from "./keyset";
import { runsPageInput, type RunsPageInput } from "./page-input";
import { pass1Order } from "./pass1-order";
import { groupOrder, statusOrder } from "./segment-orders";
import { countMatching, countRuns, filterWhere, hasNarrowingFilters, scopeWhere, whereSql, type RunsWhere } from "./scope";
import { getRunViewsByPk, type RunView } from "./service";
import type { RunSortKey } from "./sort-keys";

export interface RunsPage {
  runs: RunView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** Runs in the list's scope (project, trash); null when counts were not asked for. */
  total: number | null;
  /** Of those, the runs passing the filters. */
  matched: number | null;
  /** Pass as `since` to `listRunChanges` to hear of every run updated after this page was read. */
  changesCursor: number;
}

/** How far back a changes cursor reaches before the read: a write that took its clock earlier may commit after it. */
export const CHANGES_SLACK_MS = 1000;

/** How to order by a column of the run: an SQL expression over `runs r`. */
interface SortColumn {
  expr: string;
  nullable: boolean;
}

type ColumnSort = "created" | "name" | "duration";

function sortColumn(sort: ColumnSort): SortColumn {
  switch (sort) {
    case "created":
      return { expr: "r.created_at", nullable: false };
    case "name":
      return { expr: "r.name COLLATE NOCASE", nullable: false };
    case "duration":
      // As RunView.durationMs: end (or now, while running) minus start.
      return {
        expr: "(CASE WHEN r.started_at IS NULL THEN NULL WHEN r.ended_at IS NOT NULL THEN r.ended_at - r.started_at WHEN r.status = 'running' THEN @now - r.started_at END)",
        nullable: true,
      };
  }
}

interface Cursor extends Position {
  now: number;
}

/** Cursors name their order so a cursor of one is never read as another's. */
function encodeCursor(sort: RunSortKey, dir: string, row: PagedRow, now: number): string {
  return Buffer.from(JSON.stringify([sort, dir, row.v, row.pk, now])).toString("base64url");
}

function decodeCursor(cursor: string, sort: RunSortKey, dir: string): Cursor {
  try {
    const [s, d, value, pk, now] = JSON.parse(Buffer.from(cursor, "base64url").toString()) as unknown[];
    const valueOk = value === null || typeof value === "string" || (typeof value === "number" && Number.isFinite(value));
    if (s === sort && d === dir && valueOk && Number.isInteger(pk) && Number.isInteger(now)) return { value: value as Cursor["value"], pk: pk as number, now: now as number };
  } catch {
    // fall through
  }
  throw new BadRequestError("cursor: not a cursor this API returned for this sort order; start again without a cursor.");
}

function pageOfColumnSort(db: Db, w: RunsWhere, sort: ColumnSort, dir: "asc" | "desc", limit: number, after: Position | null, now: number): PagedRow[] {
  const col = sortColumn(sort);
  const params: Record<string, unknown> = { ...w.params, limit, now };
  const clauses = [...w.clauses];
  if (after) clauses.push(afterClause(col.expr, "r.pk", col.nullable, dir, after, params));
  // Only keys and sort values are sorted; whole rows are read for the page alone.
  return db.$client
    .prepare(`SELECT r.pk AS pk, ${col.expr} AS v FROM runs r WHERE ${whereSql({ ...w, clauses })} ORDER BY ${orderClause(col.expr, "r.pk", col.nullable, dir)} LIMIT @limit`)
    .all(params) as PagedRow[];
}

/**
 * One page of the runs table over any number of runs: filtered, sorted and
 * cut server side, keyset-paged (`nextCursor`), with the scope's total and the
 * filtered count on request.
 */
export function listRunsPage(db: Db, raw: RunsPageInput, opts: { counts?: boolean; pass1RunScanMax?: number } = {}): RunsPage {
  const q = parseOrThrow(runsPageInput, raw);
  const started = Date.now();
  const w = filterWhere(db, q);
  const cursor = q.cursor ? decodeCursor(q.cursor, q.sort, q.dir) : null;
  const now = cursor?.now ?? started;
  const narrowed = hasNarrowingFilters(q);
  const wantCounts = opts.counts ?? true;
  let matched: number | null = wantCounts && narrowed ? countMatching(db, q, w) : null;
  const total = wantCounts ? countRuns(db, scopeWhere(db, q)) : null;
  if (wantCounts && !narrowed) matched = total;

  let rows: PagedRow[];
  if (q.sort.startsWith("pass1:")) {
    rows = pass1Order(db, w, q.sort.slice("pass1:".length), q.dir, q.limit + 1, cursor, { matched: () => (matched ??= countMatching(db, q, w)), runScanMax: opts.pass1RunScanMax });
  } else if (q.sort === "status") {
    rows = statusOrder(db, w, q.dir, q.limit + 1, cursor);
  } else if (q.sort === "group") {
    rows = groupOrder(db, w, q.dir, q.limit + 1, cursor);
  } else {
    rows = pageOfColumnSort(db, w, q.sort as ColumnSort, q.dir, q.limit + 1, cursor, now);
  }
  const page = rows.slice(0, q.limit);
  return {
    runs: getRunViewsByPk(db, page.map((r) => r.pk), started),
    nextCursor: rows.length > q.limit ? encodeCursor(q.sort, q.dir, page[page.length - 1], now) : null,
    total,
    matched: wantCounts ? matched : null,
    changesCursor: started - CHANGES_SLACK_MS,
  };
}
