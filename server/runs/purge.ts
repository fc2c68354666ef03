import type { Db } from "@/db";
import type { BlobStore } from "../trajectories/blob-store";
import { removeUnreferencedBlobs } from "../trajectories/blob-gc";
import { ConflictError } from "../errors";
import { clearPurgeTombstone, removeWorkFolder, writePurgeTombstone } from "./purge-files";
import { requireRunRow } from "./service";

export interface PurgeResult {
  id: string;
  trajectories: number;
  blobsRemoved: number;
  /** Bytes freed on disk by removed blobs and the run's work folder. */
  bytesFreed: number;
}

/**
 * Deletes a run in the trash for good: its row and, by cascade, its metrics,
 * evals, trajectories, logs, events and job; the trajectory bodies no other
 * run shares; and its work folder under the data dir. A run not in the trash is
 * a 409: deleting is a separate, undoable step first.
 *
 * Crash-safe order: a tombstone naming the run is on disk first, then the rows
 * go in one transaction, then the files; a crash anywhere leaves no row
 * pointing at a missing file, and the next start's sweep (`sweepAfterCrash`)
 * removes what the crash left: the blobs no row points at and the work folders
 * its tombstones name. The file work runs on the thread pool, a few blobs per
 * event-loop turn, so the server keeps answering while a large folder goes.
 */
export async function purgeRun(app: { db: Db; blobs: BlobStore; dataDir: string }, id: string): Promise<PurgeResult> {
  const sqlite = app.db.$client;
  const check = () => {
    const row = requireRunRow(app.db, id);
    if (row.deletedAt == null) throw new ConflictError(`Run '${id}' is not in the trash: delete it first (purging cannot be undone).`);
    return row;
  };
  check();
  const tombstone = await writePurgeTombstone(app.dataDir, id);
  let committed: { hashes: string[]; trajectories: number };
  try {
    committed = sqlite.transaction(() => {
      const row = check(); // again: it may have been restored or purged while the tombstone was written
      const hashes = sqlite.prepare("SELECT DISTINCT blob FROM trajectories WHERE run_pk = ?").pluck().all(row.pk) as string[];
      const trajectories = sqlite.prepare("SELECT count(*) FROM trajectories WHERE run_pk = ?").pluck().get(row.pk) as number;
      // metric_chunks and metric_tails have no foreign key (the hot ingest tables); every other table cascades.
      sqlite.prepare("DELETE FROM metric_chunks WHERE run_pk = ?").run(row.pk);
      sqlite.prepare("DELETE FROM metric_tails WHERE run_pk = ?").run(row.pk);
      sqlite.prepare("DELETE FROM runs WHERE pk = ?").run(row.pk);
      return { hashes, trajectories };
    }).immediate();
  } catch (error) {
    // Nothing was deleted (a tombstone left here would be dropped by the next sweep: its run still exists).
    await clearPurgeTombstone(tombstone).catch(() => {});
    throw error;
  }
  const blobs = await removeUnreferencedBlobs(app.db, app.blobs, committed.hashes);
  const workBytes = await removeWorkFolder(app.dataDir, id);
  await clearPurgeTombstone(tombstone);
  return { id, trajectories: committed.trajectories, blobsRemoved: blobs.removed, bytesFreed: blobs.bytes + workBytes };
}
