import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { runs } from "@/db/schema";
import { ConflictError } from "../errors";
import { getRun, requireRunRow, type RunView } from "./service";

/**
 * The trash: deleting a run hides it from run lists, the compare page's pickers
 * and group expansion, but keeps every row it owns (metrics, evals,
 * trajectories, logs, events) and its page; restoring brings it back as it was.
 * Nothing is ever purged here.
 */

/**
 * Moves a run to the trash; deleting a deleted run again keeps its first `deletedAt`.
 * 409 while Skillboard still runs it (a launched run queued, leased or on a cluster:
 * cancel it first). A run a trainer logs on its own can go at any status: a trainer
 * that crashed never finishes its run, and its writes, if any, still land.
 */
export function deleteRun(db: Db, id: string, now = Date.now()): RunView {
  return db.transaction(() => {
    const row = requireRunRow(db, id);
    if (row.deletedAt != null) return getRun(db, id);
    const job = db.$client.prepare("SELECT state FROM jobs WHERE run_pk = ?").get(row.pk) as { state: string } | undefined;
    if (job && job.state !== "done") {
      throw new ConflictError(`Run '${id}' is ${row.status} on pool '${row.pool ?? "local"}': cancel it first, then delete it.`);
    }
    db.update(runs).set({ deletedAt: now, updatedAt: now }).where(eq(runs.pk, row.pk)).run();
    return getRun(db, id);
  });
}

/** Takes a run out of the trash; restoring a run that is not deleted is a no-op. */
export function restoreRun(db: Db, id: string, now = Date.now()): RunView {
  const row = requireRunRow(db, id);
  if (row.deletedAt != null) db.update(runs).set({ deletedAt: null, updatedAt: now }).where(eq(runs.pk, row.pk)).run();
  return getRun(db, id);
}
