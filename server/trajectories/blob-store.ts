import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { gunzip, gunzipSync, gzip } from "node:zlib";
import { fsyncDir, writeFileAtomically } from "../storage/durable-write";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Blob files written at once by one `putPinned` (each holds a file handle while it is written). */
const WRITE_CONCURRENCY = 16;

export const BLOB_NAME = /^([0-9a-f]{64})\.gz$/;
export const TEMP_SUFFIX = ".tmp";

/** Runs `fn` over `items`, at most WRITE_CONCURRENCY at a time (each holds a file handle). */
async function inParallel<T>(items: T[], fn: (item: T) => Promise<unknown>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) await fn(next);
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, queue.length) }, worker));
}

export const sha256Hex = (buf: Buffer) => createHash("sha256").update(buf).digest("hex");

export interface StoredBlob {
  hash: string;
  sizeBytes: number;
}

/** Blobs a caller has made durable and holds until its index rows are committed (see `BlobStore.putPinned`). */
export interface PinnedBlobs {
  blobs: StoredBlob[];
  release(): void;
}

/**
 * Content-addressed, gzip-compressed blobs: `<dir>/<2 hex>/<sha256>.gz`. Writing the same
 * content twice stores it once, unless the stored copy no longer matches its hash (a body
 * a power cut left empty): then it is written again.
 *
 * Pins keep the in-process garbage collectors (purge, the start sweep) off a blob between
 * the moment a writer decides it is stored and the commit of the row that points at it.
 */
export class BlobStore {
  /** Tags this process's temp files, so the start sweep of a later process knows the stray ones. */
  readonly tempTag = `${process.pid}-${randomBytes(6).toString("hex")}`;
  private readonly pins = new Map<string, number>();
  private tempSeq = 0;

  constructor(readonly dir: string) {}

  private file(hash: string): string {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`not a blob hash: ${hash}`);
    return path.join(this.dir, hash.slice(0, 2), `${hash}.gz`);
  }

  /**
   * Stores every content durably (temp file, fsync, rename, fsync of its folder) and
   * resolves once all are on disk. Each blob is pinned from before its existence check:
   * call `release()` after the rows that point at them are committed (or given up).
   */
  async putPinned(contents: (string | Buffer)[]): Promise<PinnedBlobs> {
    const bufs = contents.map((c) => (typeof c === "string" ? Buffer.from(c) : c));
    const blobs = bufs.map((buf) => ({ hash: sha256Hex(buf), sizeBytes: buf.length }));
    for (const b of blobs) this.pins.set(b.hash, (this.pins.get(b.hash) ?? 0) + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      for (const b of blobs) {
        const n = this.pins.get(b.hash)! - 1;
        if (n > 0) this.pins.set(b.hash, n);
        else this.pins.delete(b.hash);
      }
    };
    try {
      const pending = new Map<string, Buffer>();
      bufs.forEach((buf, i) => pending.set(blobs[i].hash, buf));
      const written = new Set<string>();
      await inParallel([...pending], async ([hash, buf]) => {
        if (await this.ensureStored(hash, buf)) written.add(path.dirname(this.file(hash)));
      });
      // Each folder a blob was renamed into, flushed once for the whole batch.
      await inParallel([...written], fsyncDir);
    } catch (error) {
      release();
      throw error;
    }
    return { blobs, release };
  }

  /** Writes the blob (its folder not yet fsynced) unless an intact copy is already there; true when it wrote. */
  private async ensureStored(hash: string, content: Buffer): Promise<boolean> {
    const file = this.file(hash);
    if (await this.holdsIntact(file, hash)) return false;
    await writeFileAtomically(file, await gzipAsync(content, { level: 6 }), `${this.tempTag}-${this.tempSeq++}`);
    return true;
  }

  private async holdsIntact(file: string, hash: string): Promise<boolean> {
    let stored: Buffer;
    try {
      stored = await fs.promises.readFile(file);
    } catch {
      return false;
    }
    try {
      return sha256Hex(await gunzipAsync(stored)) === hash;
    } catch {
      return false; // truncated or empty: not a gzip stream any more
    }
  }

  /** A writer holds this blob between its existence check and its row's commit. */
  isPinned(hash: string): boolean {
    return this.pins.has(hash);
  }

  /**
   * Deletes a blob the caller found unreferenced and unpinned; returns the bytes freed (0 when
   * already gone). The caller checks and deletes in one synchronous stretch, so no writer can
   * pin the blob or commit a row to it in between.
   */
  remove(hash: string): number {
    const file = this.file(hash);
    let size: number;
    try {
      size = fs.statSync(file).size;
      fs.unlinkSync(file);
    } catch {
      return 0;
    }
    return size;
  }

  /** The compressed file, for streaming it as is (`Content-Encoding: gzip`). */
  gzipPath(hash: string): string {
    return this.file(hash);
  }

  get(hash: string): Buffer {
    return gunzipSync(fs.readFileSync(this.file(hash)));
  }

  /** Whether the stored body is there and matches its hash (what a reader needs to open it). */
  verify(hash: string): boolean {
    try {
      return sha256Hex(this.get(hash)) === hash;
    } catch {
      return false;
    }
  }
}
