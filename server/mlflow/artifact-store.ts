import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { randomUUID } from "node:crypto";
import { fsyncDir, fsyncFile, mkdirDurably } from "../storage/durable-write";
import { invalidParameter, doesNotExist } from "./errors";

/**
 * Run artifacts uploaded through MLflow's proxied artifact routes, as plain files under
 * `<data dir>/work/<run id>/mlflow-artifacts/` (the run's own folder, which purging the run
 * removes). Artifact paths are `<experiment id>/<run id>/artifacts/<path>`, the layout of the
 * run's `artifact_uri`.
 */
export interface ArtifactLocation {
  experimentId: string;
  runId: string;
  /** The path inside the run's artifacts; "" for their root. */
  relPath: string;
}

/** The longest file or folder name of an artifact path, in UTF-8 bytes: file systems take 255, and an upload's temporary name adds 55. */
export const MAX_ARTIFACT_NAME_BYTES = 200;

/** Splits and checks an artifact path; '..', '.', empty segments, backslashes, NUL and names too long for the file system are refused. */
export function parseArtifactPath(raw: string): { segments: string[] } {
  const trimmed = raw.replace(/^\/+|\/+$/g, "");
  const segments = trimmed ? trimmed.split("/") : [];
  for (const s of segments) {
    if (s === "" || s === "." || s === ".." || s.includes("\\") || s.includes("\0")) {
      throw invalidParameter(`Invalid artifact path '${raw}': '..', '.', empty segments, backslashes and NUL are not allowed.`);
    }
    if (Buffer.byteLength(s) > MAX_ARTIFACT_NAME_BYTES) {
      throw invalidParameter(`Invalid artifact path: the name '${s.slice(0, 40)}…' has ${Buffer.byteLength(s)} bytes; a file or folder name has at most ${MAX_ARTIFACT_NAME_BYTES}.`);
    }
  }
  return { segments };
}

/** The run an artifact path belongs to; null above the run level (`<experiment>` or nothing). */
export function locateArtifact(raw: string): ArtifactLocation | null {
  const { segments } = parseArtifactPath(raw);
  if (segments.length < 2) return null;
  const [experimentId, runId, root, ...rest] = segments;
  if (root !== undefined && root !== "artifacts") {
    throw invalidParameter(`Invalid artifact path '${raw}': run artifacts live under '<experiment id>/<run id>/artifacts/'.`);
  }
  return { experimentId, runId, relPath: rest.join("/") };
}

/** Marks an upload still being written (hidden from listings). */
const UPLOAD_SUFFIX = ".skillboard-upload-";

export class ArtifactStore {
  constructor(private readonly dataDir: string) {}

  /** The run's artifact folder; the run id was checked against the database by the caller. */
  runRoot(runId: string): string {
    return path.join(this.dataDir, "work", runId, "mlflow-artifacts");
  }

  private fileOf(loc: ArtifactLocation): string {
    const root = this.runRoot(loc.runId);
    const file = path.join(root, ...(loc.relPath ? loc.relPath.split("/") : []));
    // parseArtifactPath already refused '..'; this keeps any path that slipped through inside the root.
    if (file !== root && !file.startsWith(root + path.sep)) throw invalidParameter(`Invalid artifact path '${loc.relPath}'.`);
    return file;
  }

  /**
   * Writes an upload to a temporary file, fsyncs it and renames it into place (then fsyncs the
   * folder): a broken upload or a crash leaves the old file whole, and a 200 means it is on disk.
   */
  async put(loc: ArtifactLocation, body: ReadableStream<Uint8Array> | null): Promise<{ file: string; size: number }> {
    if (!loc.relPath) throw invalidParameter("An artifact upload needs a file path under the run's artifacts.");
    const file = this.fileOf(loc);
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw invalidParameter(`Artifact path '${loc.relPath}' is a directory.`);
    await mkdirDurably(path.dirname(file));
    const tmp = `${file}${UPLOAD_SUFFIX}${randomUUID()}`;
    try {
      const source = body ? Readable.fromWeb(body as import("node:stream/web").ReadableStream) : Readable.from([]);
      await pipeline(source, fs.createWriteStream(tmp));
      await fsyncFile(tmp);
      await fs.promises.rename(tmp, file);
    } catch (error) {
      await fs.promises.rm(tmp, { force: true });
      throw error;
    }
    await fsyncDir(path.dirname(file));
    return { file, size: fs.statSync(file).size };
  }

  /** The file of an artifact; RESOURCE_DOES_NOT_EXIST when there is none (or it is a directory). */
  requireFile(loc: ArtifactLocation): { file: string; size: number } {
    const file = this.fileOf(loc);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat?.isFile()) throw doesNotExist(`Artifact '${loc.relPath}' of run '${loc.runId}' does not exist.`);
    return { file, size: stat.size };
  }

  /** MLflow's listing: the entries of a directory by name; a file lists as itself; nothing for a missing path. */
  list(loc: ArtifactLocation): { path: string; is_dir: boolean; file_size?: number }[] {
    const target = this.fileOf(loc);
    const stat = fs.statSync(target, { throwIfNoEntry: false });
    if (!stat) return [];
    if (stat.isFile()) return [{ path: path.basename(target), is_dir: false, file_size: stat.size }];
    return fs
      .readdirSync(target, { withFileTypes: true })
      .filter((e) => !e.name.includes(UPLOAD_SUFFIX))
      .map((e) => (e.isDirectory() ? { path: e.name, is_dir: true } : { path: e.name, is_dir: false, file_size: fs.statSync(path.join(target, e.name)).size }))
      .sort((a, b) => a.path.localeCompare(b.path));
  }

  async delete(loc: ArtifactLocation): Promise<void> {
    await fs.promises.rm(this.fileOf(loc), { recursive: true, force: true });
  }
}
