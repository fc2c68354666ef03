import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Db } from "@/db";
import { fsyncDir, writeFileDurably } from "../storage/durable-write";

/**
 * The files side of a purge. A tombstone (`<data dir>/purging/<random>.json`,
 * holding the run id) is on disk before the run's rows are deleted and removed
 * once its work folder is gone; the start sweep finishes the purges a crash
 * interrupted and drops the tombstones of purges that never committed.
 */

const tombstoneDir = (dataDir: string) => path.join(dataDir, "purging");
/** Starts this process's tombstone names: the sweep leaves the purges of its own process alone. */
const PROCESS_TAG = `${process.pid}-${randomBytes(4).toString("hex")}`;

/** Writes a tombstone for this purge of `runId`; returns its file (each purge call its own). */
export async function writePurgeTombstone(dataDir: string, runId: string): Promise<string> {
  const file = path.join(tombstoneDir(dataDir), `${PROCESS_TAG}-${randomBytes(8).toString("hex")}.json`);
  await writeFileDurably(file, Buffer.from(JSON.stringify({ runId, at: Date.now() })), "w");
  return file;
}

export async function clearPurgeTombstone(file: string): Promise<void> {
  await fs.promises.rm(file, { force: true });
  await fsyncDir(path.dirname(file)).catch(() => {});
}

/** `<data dir>/work/<run id>`: the run folder the embedded worker and cluster jobs used on this host; null for an id that is no folder name. */
function workFolderOf(dataDir: string, runId: string): string | null {
  const workDir = path.join(dataDir, "work");
  const dir = path.join(workDir, runId);
  return path.dirname(dir) === workDir && path.basename(dir) === runId ? dir : null;
}

/** Bytes of the files under `dir`, walked on the thread pool. */
async function folderSize(dir: string): Promise<number> {
  let total = 0;
  const entries = await fs.promises.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await folderSize(p);
    else if (entry.isFile()) total += (await fs.promises.lstat(p).catch(() => null))?.size ?? 0;
  }
  return total;
}

/** Removes a purged run's work folder off the event loop; returns the bytes it held (0 when there was none). */
export async function removeWorkFolder(dataDir: string, runId: string): Promise<number> {
  const dir = workFolderOf(dataDir, runId);
  if (!dir || !(await fs.promises.lstat(dir).catch(() => null))?.isDirectory()) return 0;
  const size = await folderSize(dir);
  await fs.promises.rm(dir, { recursive: true, force: true });
  return size;
}

export interface TombstoneSweepResult {
  /** Purges a crash interrupted after their commit, now finished (their work folders removed). */
  finished: number;
  bytes: number;
}

/**
 * Finishes the purges a crash interrupted: a tombstone whose run is gone had its rows
 * deleted, so its work folder goes now; one whose run still exists never committed.
 */
export async function sweepPurgeTombstones(db: Db, dataDir: string): Promise<TombstoneSweepResult> {
  const result: TombstoneSweepResult = { finished: 0, bytes: 0 };
  const dir = tombstoneDir(dataDir);
  const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
  const runExists = db.$client.prepare("SELECT 1 FROM runs WHERE id = ?").pluck();
  for (const name of names) {
    if (name.startsWith(`${PROCESS_TAG}-`)) continue;
    const file = path.join(dir, name);
    if (!name.endsWith(".json")) {
      await fs.promises.rm(file, { force: true }); // a tombstone's own temp file
      continue;
    }
    let runId: unknown;
    try {
      runId = JSON.parse(await fs.promises.readFile(file, "utf8")).runId;
    } catch {
      runId = undefined; // written whole before its rename, so this is not ours: it names nothing
    }
    if (typeof runId === "string" && !runExists.get(runId)) {
      result.bytes += await removeWorkFolder(dataDir, runId);
      result.finished++;
    }
    await clearPurgeTombstone(file);
  }
  return result;
}
