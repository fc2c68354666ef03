import type { Db } from "@/db";
import { pass1KeysOfProject } from "../metric-mapping/read";
import { afterClause, orderClause, type PagedRow, type Position } from "./keyset";
import { whereSql, type RunsWhere } from "./scope";

/** Up to this many matching runs, a Pass@1 order reads each run's value; past it, runs are read in value order from the index. */
export const PASS1_RUN_SCAN_MAX = 5000;

interface Pass1Keys {
  /** Metric key ids that stand for the skill's Pass@1 in the projects of the list. */
  ids: number[];
  /** Per key id, its rank among its project's candidates (0 = best). */
  rank: Map<number, number>;
}

/** The key ids for a skill's Pass@1: per project, Skillboard's key or the mapped ones, best first. */
function pass1Keys(db: Db, projectId: number | null, skill: string): Pass1Keys {
  const sqlite = db.$client;
  const projectIds = projectId != null ? [projectId] : (sqlite.prepare("SELECT id FROM projects").pluck().all() as number[]);
  const lookup = sqlite.prepare("SELECT id FROM metric_keys WHERE project_id = ? AND key = ?").pluck();
  const out: Pass1Keys = { ids: [], rank: new Map() };
  for (const p of projectIds) {
    if (p < 0) continue;
    const names = pass1KeysOfProject(db, p)[skill] ?? [`skill/${skill}/pass@1`];
    let rank = 0;
    for (const name of names) {
      const id = lookup.get(p, name) as number | undefined;
      if (id === undefined) continue;
      out.ids.push(id);
      out.rank.set(id, rank++);
    }
  }
  return out;
}

/**
 * A page of runs ordered by their latest Pass@1 of a skill, runs without one
 * last. A run's value is that of its best-ranked key present (as the table's
 * column shows it). Few matching runs: each one's value is read and sorted.
 * Many: runs come in value order from `run_metric_summaries (key, value, run)`
 * and the filters are checked per run, then the runs without a value follow.
 */
export function pass1Order(
  db: Db,
  w: RunsWhere,
  skill: string,
  dir: "asc" | "desc",
  limit: number,
  after: Position | null,
  opts: { matched: () => number; runScanMax?: number },
): PagedRow[] {
  const keys = pass1Keys(db, w.projectId, skill);
  const params: Record<string, unknown> = { ...w.params };
  keys.ids.forEach((id, i) => (params[`key${i}`] = id));
  const idList = keys.ids.length ? keys.ids.map((_, i) => `@key${i}`).join(", ") : "NULL";
  const ranked = [...keys.rank.values()].some((r) => r > 0);
  const rankOf = (alias: string) => `CASE ${alias}.key_id ${keys.ids.map((id, i) => `WHEN @key${i} THEN ${keys.rank.get(id)}`).join(" ")} END`;
  const sql = db.$client;

  if (opts.matched() <= (opts.runScanMax ?? PASS1_RUN_SCAN_MAX)) {
    const value = `(SELECT s.last_value FROM run_metric_summaries s WHERE s.run_pk = r.pk AND s.key_id IN (${idList})${ranked ? ` ORDER BY ${rankOf("s")}` : ""} LIMIT 1)`;
    const clauses: string[] = [];
    if (after) clauses.push(afterClause("v", "pk", true, dir, after, params));
    return sql
      .prepare(
        `SELECT pk, v FROM (SELECT r.pk AS pk, ${value} AS v FROM runs r WHERE ${whereSql(w)})
         ${clauses.length ? `WHERE ${clauses.join(" AND ")}` : ""} ORDER BY ${orderClause("v", "pk", true, dir)} LIMIT @limit`,
      )
      .all({ ...params, limit }) as PagedRow[];
  }

  const rows: PagedRow[] = [];
  if (after?.value !== null && keys.ids.length) {
    const clauses = [`s.key_id IN (${idList})`, ...w.clauses];
    if (ranked) {
      clauses.push(`NOT EXISTS (SELECT 1 FROM run_metric_summaries s2 WHERE s2.run_pk = s.run_pk AND s2.key_id IN (${idList}) AND ${rankOf("s2")} < ${rankOf("s")})`);
    }
    if (after) clauses.push(afterClause("s.last_value", "s.run_pk", false, dir, after, params));
    // CROSS JOIN keeps SQLite reading the summaries first, in index order, so LIMIT stops the scan early.
    rows.push(
      ...(sql
        .prepare(
          `SELECT s.run_pk AS pk, s.last_value AS v FROM run_metric_summaries s CROSS JOIN runs r ON r.pk = s.run_pk
           WHERE ${clauses.join(" AND ")} ORDER BY s.last_value ${dir}, s.run_pk ${dir} LIMIT @limit`,
        )
        .all({ ...params, limit }) as PagedRow[]),
    );
  }
  if (rows.length < limit) {
    const clauses = [...w.clauses, `NOT EXISTS (SELECT 1 FROM run_metric_summaries s WHERE s.run_pk = r.pk AND s.key_id IN (${idList}))`];
    if (after?.value === null) clauses.push(afterClause("NULL", "r.pk", true, dir, after, params));
    rows.push(
      ...(sql
        .prepare(`SELECT r.pk AS pk, NULL AS v FROM runs r WHERE ${clauses.join(" AND ")} ORDER BY r.pk ${dir} LIMIT @limit`)
        .all({ ...params, limit: limit - rows.length }) as PagedRow[]),
    );
  }
  return rows;
}
