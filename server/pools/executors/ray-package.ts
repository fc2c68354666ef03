import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

/**
 * A local `working_dir` as Ray's Jobs API takes it: the directory zipped, named
 * by the hash of its content (`_ray_pkg_<hash>.zip`), uploaded once with
 * `PUT /api/packages/gcs/<name>` and referred to as `gcs://<name>` (what `ray job
 * submit` does; the REST API itself refuses a local path). Files sit at the zip's
 * root, as Ray unpacks a `gcs://` package. `.git` folders and symbolic links are left out.
 */

/** Ray's limit is larger; a working_dir past this is almost surely a mistake (a dataset, a checkpoint). */
export const MAX_PACKAGE_BYTES = 100 * 2 ** 20;

export interface RayPackage {
  /** `_ray_pkg_<hash>.zip` */
  name: string;
  uri: string;
  zip: Buffer;
}

export class PackageError extends Error {}

export function packWorkingDir(dir: string): RayPackage {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new PackageError(`runtimeEnv.working_dir: ${dir} does not exist on the Skillboard server`);
  }
  if (!stat.isDirectory()) throw new PackageError(`runtimeEnv.working_dir: ${dir} is not a directory`);
  const files = listFiles(dir);
  if (files.length > 65_535) throw new PackageError(`runtimeEnv.working_dir: ${dir} holds more than 65,535 files`);
  const hash = createHash("sha1");
  const entries: { name: string; data: Buffer; mode: number; mtime: Date }[] = [];
  let total = 0;
  for (const rel of files) {
    const full = path.join(dir, rel);
    const data = fs.readFileSync(full);
    total += data.length;
    if (total > MAX_PACKAGE_BYTES) throw new PackageError(`runtimeEnv.working_dir: ${dir} holds more than ${MAX_PACKAGE_BYTES / 2 ** 20} MiB`);
    const st = fs.statSync(full);
    hash.update(rel).update("\0").update(String(st.mode & 0o777)).update("\0").update(data).update("\0");
    entries.push({ name: rel, data, mode: st.mode & 0o777, mtime: st.mtime });
  }
  const name = `_ray_pkg_${hash.digest("hex").slice(0, 32)}.zip`;
  return { name, uri: `gcs://${name}`, zip: zip(entries) };
}

/** Relative paths (with `/`) of the regular files under `dir`, sorted. */
function listFiles(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (e.name !== ".git") out.push(...listFiles(dir, rel));
    } else if (e.isFile()) {
      out.push(rel);
    }
  }
  return out;
}

/** A zip archive (deflated entries, UTF-8 names, Unix modes) of `entries`. */
function zip(entries: { name: string; data: Buffer; mode: number; mtime: Date }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const deflated = zlib.deflateRawSync(e.data);
    const stored = deflated.length >= e.data.length;
    const body = stored ? e.data : deflated;
    const crc = zlib.crc32(e.data);
    const { time, date } = dosTime(e.mtime);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix: the external attributes carry the mode
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(stored ? 0 : 8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((0o100000 | e.mode) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function dosTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, d.getFullYear());
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}
