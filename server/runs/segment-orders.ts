import type { Db } from "@/db";
import { afterClause, type PagedRow, type Position } from "./keyset";
import { whereSql, type RunsWhere } from "./scope";
import { STATUS_ORDER } from "./sort-keys";

/**
 * Orders over a column with few values (status, group) read each value's runs
 * in key order from an index, value after value, so a page stops after `limit`
 * rows instead of sorting every run of the list.
 */

/** By status in lifecycle order, one status at a time on `(project, deleted_at, status)`; the value is the status's rank. */
export function statusOrder(db: Db, w: RunsWhere, dir: "asc" | "desc", limit: number, after: Position | null): PagedRow[] {
  const ranks = STATUS_ORDER.map((_, i) => i);
  if (dir === "desc") ranks.reverse();
  const cmp = dir === "asc" ? ">" : "<";
  const rows: PagedRow[] = [];
  for (const rank of ranks) {
    if (rows.length >= limit) break;
    if (after && typeof after.value === "number" && (dir === "asc" ? rank < after.value : rank > after.value)) continue;
    const params: Record<string, unknown> = { ...w.params, status_: STATUS_ORDER[rank], limit: limit - rows.length };
    const clauses = [...w.clauses, "r.status = @status_"];
    if (after && after.value === rank) {
      clauses.push(`r.pk ${cmp} @afterPk`);
      params.afterPk = after.pk;
    }
    const segment = db.$client
      .prepare(`SELECT r.pk AS pk, ${rank} AS v FROM runs r WHERE ${whereSql({ ...w, clauses })} ORDER BY r.pk ${dir} LIMIT @limit`)
      .all(params) as PagedRow[];
    rows.push(...segment);
  }
  return rows;
}

/** By group name (case-insensitive), walking `run_groups` in name order; runs without a group last. */
export function groupOrder(db: Db, w: RunsWhere, dir: "asc" | "desc", limit: number, after: Position | null): PagedRow[] {
  const rows: PagedRow[] = [];
  if (after?.value !== null) {
    const params: Record<string, unknown> = { ...w.params, limit };
    const clauses = [...w.clauses];
    if (w.projectId != null) clauses.push("g.project_id = @projectId");
    if (after) clauses.push(afterClause("g.name COLLATE NOCASE", "r.pk", false, dir, after, params));
    // CROSS JOIN: groups first, in index order, each group's runs from (project, deleted_at, group).
    rows.push(
      ...(db.$client
        .prepare(
          `SELECT r.pk AS pk, g.name AS v FROM run_groups g CROSS JOIN runs r ON r.group_id = g.id
           WHERE ${whereSql({ ...w, clauses })} ORDER BY g.name COLLATE NOCASE ${dir}, r.pk ${dir} LIMIT @limit`,
        )
        .all(params) as PagedRow[]),
    );
  }
  if (rows.length < limit) {
    const params: Record<string, unknown> = { ...w.params, limit: limit - rows.length };
    const clauses = [...w.clauses, "r.group_id IS NULL"];
    if (after?.value === null) clauses.push(afterClause("NULL", "r.pk", true, dir, after, params));
    rows.push(
      ...(db.$client
        .prepare(`SELECT r.pk AS pk, NULL AS v FROM runs r WHERE ${whereSql({ ...w, clauses })} ORDER BY r.pk ${dir} LIMIT @limit`)
        .all(params) as PagedRow[]),
    );
  }
  return rows;
}
