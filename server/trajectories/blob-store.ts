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
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
      fs.writeFileSync(tmp, gzipSync(buf, { level: 6 }));
      fs.renameSync(tmp, file);
    }
    return { hash, sizeBytes: buf.length };
  }

  /**
   * Deletes a blob the caller found unreferenced; returns the bytes freed (0 when
   * already gone). Callers check references and delete in one synchronous stretch:
   * a trajectory append puts its bodies and writes its index rows in one too, so
   * within the server process the two never interleave.
   */
  remove(hash: string): number {
    const file = this.file(hash);
    let size: number;
    try {
      size = fs.statSync(file).size;
    } catch {
      return 0;
    }
    fs.rmSync(file, { force: true });
    return size;
  }

  /** The compressed file, for streaming it as is (`Content-Encoding: gzip`). */
  gzipPath(hash: string): string {
    return this.file(hash);
  }

  get(hash: string): Buffer {
    return gunzipSync(fs.readFileSync(this.file(hash)));
  }
}
