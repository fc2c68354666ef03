import type { Db } from "@/db";
import { parseOrThrow } from "../validation";
import { runFilterOptionsInput, type RunFilterOptionsInput } from "./page-input";
import { scopeWhere, trashClause, whereSql } from "./scope";
import { STATUS_ORDER } from "./sort-keys";

export interface RunFilterOption {
  value: string;
  /** Runs of the list's scope (project, trash) with this value. */
  count: number;
}

export interface RunFilterOptions {
  options: RunFilterOption[];
  /** More options match than were sent: narrow the search. */
  more: boolean;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The values a runs-table filter offers, from every run of the scope (not only
 * the loaded ones), with how many runs have each: groups newest first, tags by
 * use, statuses in lifecycle order; `search` keeps those containing it.
 */
export function listRunFilterOptions(db: Db, raw: RunFilterOptionsInput): RunFilterOptions {
  const q = parseOrThrow(runFilterOptionsInput, raw);
  const w = scopeWhere(db, q);
  const params: Record<string, unknown> = { ...w.params, limit: q.limit + 1 };
  const search = q.search?.trim();
  if (search) params.search = `%${escapeLike(search)}%`;
  const like = (col: string) => (search ? `AND ${col} LIKE @search ESCAPE '\\'` : "");
  let rows: RunFilterOption[];
  if (q.field === "group") {
    // Per group, its runs counted on (group, deleted_at): a search reads only the matching groups.
    const runScope = trashClause(q.deleted) ?? "1";
    rows = db.$client
      .prepare(
        `SELECT value, count FROM (
           SELECT g.name AS value, SUM((SELECT count(*) FROM runs r WHERE r.group_id = g.id AND ${runScope})) AS count, MAX(g.id) AS newest
           FROM run_groups g WHERE ${w.projectId != null ? "g.project_id = @projectId" : "1"} ${like("g.name")} GROUP BY g.name
         ) WHERE count > 0 ORDER BY newest DESC LIMIT @limit`,
      )
      .all(params) as RunFilterOption[];
  } else if (q.field === "tag") {
    const deleted = q.deleted ?? "exclude";
    const clauses = [w.projectId != null ? "t.project_id = @projectId" : "1", deleted === "exclude" ? "t.deleted = 0" : deleted === "only" ? "t.deleted = 1" : "1"];
    rows = db.$client
      .prepare(`SELECT t.tag AS value, count(*) AS count FROM run_tags t WHERE ${clauses.join(" AND ")} ${like("t.tag")} GROUP BY t.tag ORDER BY count DESC, t.tag LIMIT @limit`)
      .all(params) as RunFilterOption[];
  } else {
    const counts = new Map(
      (db.$client.prepare(`SELECT r.status AS value, count(*) AS count FROM runs r WHERE ${whereSql(w)} GROUP BY r.status`).all(w.params) as RunFilterOption[]).map(
        (r) => [r.value, r.count],
      ),
    );
    rows = STATUS_ORDER.filter((s) => counts.has(s) && (!search || s.includes(search.toLowerCase()))).map((s) => ({ value: s, count: counts.get(s)! }));
  }
  return { options: rows.slice(0, q.limit), more: rows.length > q.limit };
}
