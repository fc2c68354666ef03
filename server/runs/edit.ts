import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { runs } from "@/db/schema";
import { parseOrThrow } from "../validation";
import { updateRunInput, type UpdateRunInput } from "./edit-input";
import { getRun, requireRunRow, type RunView } from "./service";

/**
 * Renames, re-tags or annotates a run: only the fields given change (`tags`
 * replaces the list; empty `notes` clears them). Works on any run, running or
 * in the trash. Edits are not status changes, so the run's status timeline
 * (run_events) does not record them.
 */
export function updateRun(db: Db, id: string, input: UpdateRunInput, now = Date.now()): RunView {
  const patch = parseOrThrow(updateRunInput, input);
  const row = requireRunRow(db, id);
  const set: Partial<typeof runs.$inferInsert> = {};
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.tags !== undefined) set.tags = patch.tags;
  if (patch.notes !== undefined) set.notes = patch.notes;
  if (Object.keys(set).length) db.update(runs).set({ ...set, updatedAt: now }).where(eq(runs.pk, row.pk)).run();
  return getRun(db, id);
}
