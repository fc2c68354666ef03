import type { Db } from "@/db";
import { sweepPurgeTombstones } from "../runs/purge-files";
import { sweepOrphanBlobs } from "../trajectories/blob-gc";
import type { BlobStore } from "../trajectories/blob-store";

export interface CrashSweepResult {
  /** Purges a crash interrupted after their commit, finished now. */
  purgesFinished: number;
  /** Blobs no trajectory row points at. */
  orphanBlobs: number;
  /** Temp files of blob writes that never reached their rename. */
  tempFiles: number;
  bytes: number;
}

/**
 * Removes what a crash (kill -9, power cut) can leave on disk, at every start and
 * beside live traffic: the work folders of purges that committed but did not
 * finish, blobs nothing points at, stray temp files. Rows are never touched: a
 * crash cannot leave a row pointing at a missing file, only files without rows.
 */
export async function sweepAfterCrash(app: { db: Db; blobs: BlobStore; dataDir: string }): Promise<CrashSweepResult> {
  const purges = await sweepPurgeTombstones(app.db, app.dataDir);
  const blobs = await sweepOrphanBlobs(app.db, app.blobs);
  return { purgesFinished: purges.finished, orphanBlobs: blobs.orphanBlobs, tempFiles: blobs.tempFiles, bytes: purges.bytes + blobs.bytes };
}

export function describeCrashSweep(r: CrashSweepResult): string | null {
  if (!r.purgesFinished && !r.orphanBlobs && !r.tempFiles) return null;
  const mb = (r.bytes / 1e6).toFixed(1);
  return `Cleaned up after an unclean stop: ${r.purgesFinished} interrupted purge(s) finished, ${r.orphanBlobs} orphan blob(s) and ${r.tempFiles} temp file(s) removed (${mb} MB).`;
}
