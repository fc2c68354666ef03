import fs from "node:fs";
import path from "node:path";

/**
 * Writes that survive a crash or a power cut: a file is complete on disk before
 * its name appears, and the name is on disk before the caller goes on (to insert
 * the row that points at it). All of it runs on libuv's thread pool.
 */

/** Flushes a folder's entries (a rename or a new file in it) to disk. */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await fs.promises.open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a written file's bytes to disk. */
export async function fsyncFile(file: string): Promise<void> {
  const handle = await fs.promises.open(file, "r+");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** `mkdir -p` whose new folders are themselves on disk (each one's parent flushed). */
export async function mkdirDurably(dir: string): Promise<void> {
  const first = await fs.promises.mkdir(dir, { recursive: true });
  if (first === undefined) return;
  // `first` is the top folder created; flush its parent and every created folder down to `dir`.
  for (let d = dir; ; d = path.dirname(d)) {
    await fsyncDir(path.dirname(d));
    if (d === first || path.dirname(d) === d) break;
  }
}

/**
 * Puts `data` at `file` atomically: a temp file beside it (named `<file>.<tmpTag>.tmp`),
 * its bytes flushed to disk, then renamed over `file`. The rename itself is durable only
 * once the folder is fsynced: callers writing many files fsync each folder once after all.
 */
export async function writeFileAtomically(file: string, data: Uint8Array, tmpTag: string): Promise<void> {
  await mkdirDurably(path.dirname(file));
  const tmp = `${file}.${tmpTag}.tmp`;
  try {
    const handle = await fs.promises.open(tmp, "w");
    try {
      await handle.writeFile(data);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(tmp, file);
  } catch (error) {
    await fs.promises.rm(tmp, { force: true });
    throw error;
  }
}

/** `writeFileAtomically`, then the folder fsynced: a crash at any point leaves the old file (or none) and at worst a stray temp file. */
export async function writeFileDurably(file: string, data: Uint8Array, tmpTag: string): Promise<void> {
  await writeFileAtomically(file, data, tmpTag);
  await fsyncDir(path.dirname(file));
}
