import fs from "node:fs";
import path from "node:path";
import type { Db } from "@/db";
import type { BlobStore } from "../trajectories/blob-store";
import { ConflictError } from "../errors";
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
 * a 409: deleting is a separate, undoable step first. Everything from the
 * reference check to the last blob removal runs without yielding, so no
 * trajectory append (also synchronous) can add a reference in between.
 */
export function purgeRun(app: { db: Db; blobs: BlobStore; dataDir: string }, id: string): PurgeResult {
  const sqlite = app.db.$client;
  const { hashes, trajectories } = sqlite.transaction(() => {
    const row = requireRunRow(app.db, id);
    if (row.deletedAt == null) throw new ConflictError(`Run '${id}' is not in the trash: delete it first (purging cannot be undone).`);
    const hashes = sqlite.prepare("SELECT DISTINCT blob FROM trajectories WHERE run_pk = ?").pluck().all(row.pk) as string[];
    const trajectories = sqlite.prepare("SELECT count(*) FROM trajectories WHERE run_pk = ?").pluck().get(row.pk) as number;
    // metric_chunks has no foreign key (it is the hot ingest table); every other table cascades.
    sqlite.prepare("DELETE FROM metric_chunks WHERE run_pk = ?").run(row.pk);
    sqlite.prepare("DELETE FROM runs WHERE pk = ?").run(row.pk);
    return { hashes, trajectories };
  }).immediate();

  const stillUsed = sqlite.prepare("SELECT 1 FROM trajectories WHERE blob = ? LIMIT 1").pluck();
  let blobsRemoved = 0;
  let bytesFreed = 0;
  for (const hash of hashes) {
    if (stillUsed.get(hash)) continue;
    const freed = app.blobs.remove(hash);
    if (freed > 0) blobsRemoved++;
    bytesFreed += freed;
  }
  bytesFreed += removeWorkFolder(app.dataDir, id);
  return { id, trajectories, blobsRemoved, bytesFreed };
}

/** `<data dir>/work/<run id>`: the run folder the embedded worker and cluster jobs used on this host. */
function removeWorkFolder(dataDir: string, runId: string): number {
  const workDir = path.join(dataDir, "work");
  const dir = path.join(workDir, runId);
  if (path.dirname(dir) !== workDir || !fs.existsSync(dir)) return 0;
  const size = folderSize(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  return size;
}

function folderSize(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) total += folderSize(p);
    else if (entry.isFile()) total += fs.statSync(p).size;
  }
  return total;
}
