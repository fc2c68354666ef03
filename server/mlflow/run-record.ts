import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { runs } from "@/db/schema";
import { updateRun } from "../runs/edit";
import { getRun, requireRunRow } from "../runs/service";
import type { TaggedRun } from "./tags";

/** The fields of a run that MLflow params and tags write. */
export function taggedRunOf(db: Db, runId: string): TaggedRun {
  const run = getRun(db, runId);
  return { name: run.name, tags: run.tags, notes: run.notes, gitCommit: run.gitCommit, config: run.config };
}

/**
 * Writes what changed: name, tags and notes through the runs domain's own edit (its
 * validation and limits); the config tree (params, kept tags) and the git commit, which
 * no edit route changes, on the run's row.
 */
export function saveTaggedRun(db: Db, runId: string, before: TaggedRun, after: TaggedRun, now = Date.now()): void {
  const edit: { name?: string; tags?: string[]; notes?: string | null } = {};
  if (after.name !== before.name) edit.name = after.name;
  if (after.tags.join("\u0000") !== before.tags.join("\u0000")) edit.tags = after.tags;
  if (after.notes !== before.notes) edit.notes = after.notes;
  if (Object.keys(edit).length) updateRun(db, runId, edit, now);
  const row: Partial<typeof runs.$inferInsert> = {};
  if (after.config !== before.config) row.config = after.config;
  if (after.gitCommit !== before.gitCommit) row.gitCommit = after.gitCommit;
  if (Object.keys(row).length) db.update(runs).set({ ...row, updatedAt: now }).where(eq(runs.pk, requireRunRow(db, runId).pk)).run();
}
