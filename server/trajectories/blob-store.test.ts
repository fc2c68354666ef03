import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db";
import { createRun } from "../runs/service";
import { syntheticTrajectory } from "../testing/synthetic-trajectories";
import { removeBlobIfUnreferenced, sweepOrphanBlobs } from "./blob-gc";
import { BlobStore, sha256Hex } from "./blob-store";
import { appendTrajectoryBatch } from "./service";

let dir: string;
let db: Db;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-blobs-"));
  db = openDatabase(path.join(dir, "t.db"));
});
afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const fileOf = (store: BlobStore, hash: string) => store.gzipPath(hash);
const allFiles = (root: string): string[] =>
  fs.existsSync(root) ? fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name) : [];

async function put(store: BlobStore, content: string) {
  const pinned = await store.putPinned([content]);
  pinned.release();
  return pinned.blobs[0];
}

describe("BlobStore", () => {
  it("stores a body under its hash, gzip-compressed, and leaves no temp file", async () => {
    const store = new BlobStore(path.join(dir, "put"));
    const blob = await put(store, "hello trajectory");
    expect(blob).toEqual({ hash: sha256Hex(Buffer.from("hello trajectory")), sizeBytes: 16 });
    expect(gunzipSync(fs.readFileSync(fileOf(store, blob.hash))).toString()).toBe("hello trajectory");
    expect(allFiles(store.dir)).toEqual([`${blob.hash}.gz`]);
    expect(store.verify(blob.hash)).toBe(true);
  });

  it("rewrites a stored blob that no longer matches its hash (an empty or torn body a power cut left behind)", async () => {
    const store = new BlobStore(path.join(dir, "rewrite"));
    const body = JSON.stringify(syntheticTrajectory({ seed: 5 }));
    const { hash } = await put(store, body);
    for (const damage of [Buffer.alloc(0), fs.readFileSync(fileOf(store, hash)).subarray(0, 40)]) {
      fs.writeFileSync(fileOf(store, hash), damage);
      expect(store.verify(hash)).toBe(false);
      await put(store, body);
      expect(store.verify(hash)).toBe(true);
      expect(store.get(hash).toString()).toBe(body);
    }
    // An intact blob is left as it is (not written again).
    fs.utimesSync(fileOf(store, hash), new Date(0), new Date(0));
    await put(store, body);
    expect(fs.statSync(fileOf(store, hash)).mtimeMs).toBe(0);
  });

  it("keeps a blob a writer holds from removal until the writer releases it", async () => {
    const store = new BlobStore(path.join(dir, "pins"));
    const pinned = await store.putPinned(["held body", "held body"]);
    const { hash } = pinned.blobs[0];
    expect(removeBlobIfUnreferenced(db, store, hash)).toBe(0);
    expect(fs.existsSync(fileOf(store, hash))).toBe(true);
    pinned.release();
    pinned.release(); // twice is harmless
    expect(store.isPinned(hash)).toBe(false);
    expect(removeBlobIfUnreferenced(db, store, hash)).toBeGreaterThan(0);
    expect(fs.existsSync(fileOf(store, hash))).toBe(false);
  });
});

describe("sweepOrphanBlobs", () => {
  it("removes blobs no row points at and temp files of dead processes; keeps referenced blobs and its own writes in flight", async () => {
    const store = new BlobStore(path.join(dir, "sweep"));
    const runId = createRun(db, { name: "sweep" }).run.id;
    const kept = syntheticTrajectory({ seed: 11 });
    await appendTrajectoryBatch(db, store, runId, { batchId: "b", trajectories: [kept] });
    const referenced = db.$client.prepare("SELECT blob FROM trajectories WHERE run_pk = (SELECT pk FROM runs WHERE id = ?)").pluck().get(runId) as string;
    const orphan = await put(store, "a body whose rows were never committed");
    const shard = path.join(store.dir, orphan.hash.slice(0, 2));
    const deadTemp = path.join(shard, `${orphan.hash}.gz.123-deadbeef0000-0.tmp`);
    const ownTemp = path.join(shard, `${orphan.hash}.gz.${store.tempTag}-99.tmp`);
    fs.writeFileSync(deadTemp, "half a blob");
    fs.writeFileSync(ownTemp, "a write in flight");

    const result = await sweepOrphanBlobs(db, store);
    expect(result).toMatchObject({ orphanBlobs: 1, tempFiles: 1 });
    expect(fs.existsSync(fileOf(store, orphan.hash))).toBe(false);
    expect(fs.existsSync(deadTemp)).toBe(false);
    expect(fs.existsSync(ownTemp)).toBe(true);
    expect(store.verify(referenced)).toBe(true);
  });
});
