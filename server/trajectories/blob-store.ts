import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";

/** Content-addressed, gzip-compressed blobs: `<dir>/<2 hex>/<sha256>.gz`. Writing the same content twice stores it once. */
export class BlobStore {
  constructor(readonly dir: string) {}

  private file(hash: string): string {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`not a blob hash: ${hash}`);
    return path.join(this.dir, hash.slice(0, 2), `${hash}.gz`);
  }

  put(content: string | Buffer): { hash: string; sizeBytes: number } {
    const buf = typeof content === "string" ? Buffer.from(content) : content;
    const hash = createHash("sha256").update(buf).digest("hex");
    const file = this.file(hash);
    if (fs.existsSync(file)) {
      // Marks it as just used: removeIfIdle leaves it alone while its new reference is being written.
      const now = new Date();
      fs.utimesSync(file, now, now);
    } else {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
      fs.writeFileSync(tmp, gzipSync(buf, { level: 6 }));
      fs.renameSync(tmp, file);
    }
    return { hash, sizeBytes: buf.length };
  }

  /**
   * Deletes a blob the caller found unreferenced, unless it was written or put again
   * within `idleMs` (a trajectory sharing it may be on its way into the index);
   * returns the bytes freed on disk (0 when kept or already gone).
   */
  removeIfIdle(hash: string, idleMs: number, now = Date.now()): number {
    const file = this.file(hash);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return 0;
    }
    if (now - stat.mtimeMs < idleMs) return 0;
    fs.rmSync(file, { force: true });
    return stat.size;
  }

  /** The compressed file, for streaming it as is (`Content-Encoding: gzip`). */
  gzipPath(hash: string): string {
    return this.file(hash);
  }

  get(hash: string): Buffer {
    return gunzipSync(fs.readFileSync(this.file(hash)));
  }
}
