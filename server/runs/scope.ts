import type { Db } from "@/db";
import type { RunsFilter } from "./page-input";

/** SQL conditions over `runs r` with their named parameters. */
export interface RunsWhere {
  clauses: string[];
  params: Record<string, unknown>;
  /** The project the list is over; null: every project. */
  projectId: number | null;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Whether the filter narrows the list beyond its scope (project, trash). */
export const hasNarrowingFilters = (f: RunsFilter): boolean => Boolean(f.group || f.status || f.tag || f.search?.trim());

/** The scope of a list: its project (an unknown one matches nothing) and the trash. */
export function scopeWhere(db: Db, f: Pick<RunsFilter, "project" | "deleted">): RunsWhere {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  let projectId: number | null = null;
  if (f.project) {
    projectId = (db.$client.prepare("SELECT id FROM projects WHERE name = ?").pluck().get(f.project) as number | undefined) ?? -1;
    clauses.push("r.project_id = @projectId");
    params.projectId = projectId;
  }
  const deleted = trashClause(f.deleted);
  if (deleted) clauses.push(deleted);
  return { clauses, params, projectId };
}

/** The trash part of a scope over `runs r`; null when runs in and out of the trash both count. */
export function trashClause(deleted: RunsFilter["deleted"] = "exclude"): string | null {
  if (deleted === "include") return null;
  return deleted === "only" ? "r.deleted_at IS NOT NULL" : "r.deleted_at IS NULL";
}

/** The scope and every narrowing filter: group, status, tag, and a search in the name or id. */
export function filterWhere(db: Db, f: RunsFilter): RunsWhere {
  const w = scopeWhere(db, f);
  if (f.group) {
    const ids = db.$client
      .prepare(`SELECT id FROM run_groups WHERE name = ?${w.projectId != null ? " AND project_id = ?" : ""}`)
      .pluck()
      .all(...(w.projectId != null ? [f.group, w.projectId] : [f.group])) as number[];
    w.clauses.push(ids.length ? `r.group_id IN (${ids.map((_, i) => `@group${i}`).join(", ")})` : "0");
    ids.forEach((id, i) => (w.params[`group${i}`] = id));
  }
  if (f.status) {
    w.clauses.push("r.status = @status");
    w.params.status = f.status;
  }
  if (f.tag) {
    w.params.tag = f.tag;
    // A rare tag: its runs by key. A common one: each run of the scope is checked as the order reaches it.
    const tagged = db.$client.prepare(`SELECT count(*) FROM (SELECT 1 FROM run_tags WHERE tag = ? LIMIT ${MAX_ID_LIST + 1})`).pluck().get(f.tag) as number;
    w.clauses.push(
      tagged > MAX_ID_LIST ? "EXISTS (SELECT 1 FROM run_tags t WHERE t.run_pk = r.pk AND t.tag = @tag)" : "r.pk IN (SELECT run_pk FROM run_tags WHERE tag = @tag)",
    );
  }
  const search = f.search?.trim();
  if (search) w.clauses.push(searchClause(db, search, w.params));
  return w;
}

/** Past this many runs matching a search or a tag, each run is checked row by row (a page fills fast) rather than read from a list. */
const MAX_ID_LIST = 2000;

/**
 * A search in the run's name or id. Three characters or more: the runs come from
 * the trigram index `run_search` (migration 0012) when they are few; many
 * matches, or a shorter search, test each row with LIKE.
 */
function searchClause(db: Db, search: string, params: Record<string, unknown>): string {
  params.search = `%${escapeLike(search)}%`;
  const scan = "(r.name LIKE @search ESCAPE '\\' OR r.id LIKE @search ESCAPE '\\')";
  if ([...search].length < 3 || /[\\%_\n]/.test(search)) return scan;
  params.searchIndexed = `%${search}%`;
  const found = db.$client
    .prepare(`SELECT count(*) FROM (SELECT 1 FROM run_search WHERE text LIKE ? LIMIT ${MAX_ID_LIST + 1})`)
    .pluck()
    .get(params.searchIndexed) as number;
  return found > MAX_ID_LIST ? scan : "r.pk IN (SELECT rowid FROM run_search WHERE text LIKE @searchIndexed)";
}

export const whereSql = (w: RunsWhere): string => (w.clauses.length ? w.clauses.join(" AND ") : "1");

/** How many runs the conditions match. */
export function countRuns(db: Db, w: RunsWhere): number {
  return db.$client.prepare(`SELECT count(*) FROM runs r WHERE ${whereSql(w)}`).pluck().get(w.params) as number;
}

/** How many runs pass the filter; a tag alone is counted on `run_tags`' own index. */
export function countMatching(db: Db, f: RunsFilter, w: RunsWhere): number {
  if (!f.tag || f.group || f.status || f.search?.trim()) return countRuns(db, w);
  const deleted = f.deleted ?? "exclude";
  const clauses = ["tag = @tag"];
  if (w.projectId != null) clauses.push("project_id = @projectId");
  if (deleted !== "include") clauses.push(`deleted = ${deleted === "only" ? 1 : 0}`);
  return db.$client.prepare(`SELECT count(*) FROM run_tags WHERE ${clauses.join(" AND ")}`).pluck().get(w.params) as number;
}
