import type { Db } from "@/db";

export interface CompareGroup {
  group: string;
  project: string;
  /** Runs of the group not in the trash. */
  runs: number;
  /** When its newest run was created. */
  createdAt: string;
}

export const COMPARE_GROUPS_SHOWN = 100;

/**
 * The groups the empty compare page offers, newest run first, with their run counts: counted in
 * SQL over the (group, deleted, created) index, so a history of 100,000 runs answers at once.
 */
export function listCompareGroups(db: Db, project?: string): { groups: CompareGroup[]; more: boolean } {
  const projectId = project ? ((db.$client.prepare("SELECT id FROM projects WHERE name = ?").pluck().get(project) as number | undefined) ?? -1) : null;
  const rows = db.$client
    .prepare(
      `SELECT g.name AS "group", p.name AS project, count(*) AS runs, max(r.created_at) AS newest
       FROM run_groups g JOIN projects p ON p.id = g.project_id JOIN runs r ON r.group_id = g.id AND r.deleted_at IS NULL
       WHERE @projectId IS NULL OR g.project_id = @projectId
       GROUP BY g.id ORDER BY newest DESC, g.id DESC LIMIT @limit`,
    )
    .all({ projectId, limit: COMPARE_GROUPS_SHOWN + 1 }) as { group: string; project: string; runs: number; newest: number }[];
  return {
    groups: rows.slice(0, COMPARE_GROUPS_SHOWN).map((r) => ({ group: r.group, project: r.project, runs: r.runs, createdAt: new Date(r.newest).toISOString() })),
    more: rows.length > COMPARE_GROUPS_SHOWN,
  };
}
