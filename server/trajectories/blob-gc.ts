import fs from "node:fs";
import path from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { Statement } from "better-sqlite3";
import type { Db } from "@/db";
import { BLOB_NAME, TEMP_SUFFIX, type BlobStore } from "./blob-store";

/** Blobs checked per event-loop turn: each check is one indexed lookup and, rarely, an unlink. */
const BLOBS_PER_TURN = 256;

/**
 * Deletes a blob when no trajectory row points at it and no writer holds it. The check
 * and the unlink run in one synchronous stretch: a writer pins a blob before it looks for
 * it on disk and releases it after its row is committed, so none can slip in between.
 */
export function removeBlobIfUnreferenced(db: Db, blobs: BlobStore, hash: string): number {
  if (blobs.isPinned(hash)) return 0;
  if (referenceCheck(db).get(hash)) return 0;
  return blobs.remove(hash);
}

const referenceChecks = new WeakMap<Db["$client"], Statement>();
function referenceCheck(db: Db): Statement {
  let stmt = referenceChecks.get(db.$client);
  if (!stmt) referenceChecks.set(db.$client, (stmt = db.$client.prepare("SELECT 1 FROM trajectories WHERE blob = ? LIMIT 1")));
  return stmt;
}

/** Removes the given blobs that nothing references any more, yielding to other requests as it goes. */
export async function removeUnreferencedBlobs(db: Db, blobs: BlobStore, hashes: string[]): Promise<{ removed: number; bytes: number }> {
  let removed = 0;
  let bytes = 0;
  for (let i = 0; i < hashes.length; i++) {
    if (i > 0 && i % BLOBS_PER_TURN === 0) await nextTurn();
    const freed = removeBlobIfUnreferenced(db, blobs, hashes[i]);
    if (freed > 0) removed++;
    bytes += freed;
  }
  return { removed, bytes };
}

export interface BlobSweepResult {
  orphanBlobs: number;
  tempFiles: number;
  bytes: number;
}

/**
 * What a crash can leave in the blob folder: blobs no row points at (a purge killed
 * between its commit and its unlinks, a batch killed between its bodies and its rows)
 * and temp files of writes that never reached their rename. Runs beside live traffic:
 * temp files of this process are in flight and kept.
 */
export async function sweepOrphanBlobs(db: Db, blobs: BlobStore): Promise<BlobSweepResult> {
  const result: BlobSweepResult = { orphanBlobs: 0, tempFiles: 0, bytes: 0 };
  let shards: string[];
  try {
    shards = (await fs.promises.readdir(blobs.dir)).filter((name) => /^[0-9a-f]{2}$/.test(name));
  } catch {
    return result; // no blob folder yet
  }
  for (const shard of shards) {
    const dir = path.join(blobs.dir, shard);
    const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
    const hashes: string[] = [];
    for (const name of names) {
      if (name.endsWith(TEMP_SUFFIX)) {
        if (name.includes(`.${blobs.tempTag}-`)) continue;
        const file = path.join(dir, name);
        const size = (await fs.promises.stat(file).catch(() => null))?.size ?? 0;
        await fs.promises.rm(file, { force: true });
        result.tempFiles++;
        result.bytes += size;
        continue;
      }
      const hash = BLOB_NAME.exec(name)?.[1];
      if (hash && hash.startsWith(shard)) hashes.push(hash);
    }
    const { removed, bytes } = await removeUnreferencedBlobs(db, blobs, hashes);
    result.orphanBlobs += removed;
    result.bytes += bytes;
    await nextTurn();
  }
  return result;
}
