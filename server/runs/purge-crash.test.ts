import fs from "node:fs";
import path from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { syntheticTrajectory } from "../testing/synthetic-trajectories";
import { startTestServer, type TestServer } from "../testing/test-server";

/**
 * Purging against what a crash leaves: the state a kill between purge's steps leaves is
 * made on disk, then a real server starts over the same data folder and sweeps it.
 */
let servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers) await s.close().catch(() => {});
  servers = [];
});
async function start(dataDir?: string) {
  const s = await startTestServer({ dataDir });
  servers.push(s);
  return s;
}

const blobFile = (s: TestServer, hash: string) => path.join(s.dataDir, "blobs", hash.slice(0, 2), `${hash}.gz`);
const blobsOf = (s: TestServer, runId: string) =>
  s.app.db.$client.prepare("SELECT blob FROM trajectories WHERE run_pk = (SELECT pk FROM runs WHERE id = ?) ORDER BY id").pluck().all(runId) as string[];

async function trashedRunWithFiles(s: TestServer, name: string, trajectories: unknown[], files = 3) {
  const id = (await s.api("/api/v1/runs", { body: { project: "purge-crash", name } })).body.id as string;
  expect((await s.api(`/api/v1/runs/${id}/trajectories`, { body: { batchId: "t", trajectories } })).status).toBe(201);
  const work = path.join(s.dataDir, "work", id);
  for (let i = 0; i < files; i++) {
    fs.mkdirSync(path.join(work, `d${i % 50}`), { recursive: true });
    fs.writeFileSync(path.join(work, `d${i % 50}`, `f${i}.log`), `line ${i}\n`.repeat(10));
  }
  expect((await s.api(`/api/v1/runs/${id}`, { method: "DELETE" })).status).toBe(200);
  return { id, work };
}

/** A tombstone as a purge in another (now dead) server process writes it before its commit. */
function deadProcessTombstone(dataDir: string, runId: string) {
  const dir = path.join(dataDir, "purging");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "1-deadbeef-0123456789abcdef.json");
  fs.writeFileSync(file, JSON.stringify({ runId, at: Date.now() }));
  return file;
}

describe("purge and crashes", () => {
  it("finishes at the next start a purge killed between its commit and its file removal", async () => {
    const a = await start();
    const shared = syntheticTrajectory({ seed: 41 });
    const doomed = await trashedRunWithFiles(a, "doomed", [shared, syntheticTrajectory({ seed: 42 })]);
    const keptId = (await a.api("/api/v1/runs", { body: { project: "purge-crash", name: "kept" } })).body.id as string;
    await a.api(`/api/v1/runs/${keptId}/trajectories`, { body: { batchId: "t", trajectories: [shared] } });
    const [sharedHash, ownHash] = blobsOf(a, doomed.id);
    // What purge leaves when killed right after its transaction: tombstone on disk, rows gone, every file still there.
    const tombstone = deadProcessTombstone(a.dataDir, doomed.id);
    const sqlite = a.app.db.$client;
    sqlite.transaction(() => {
      const pk = sqlite.prepare("SELECT pk FROM runs WHERE id = ?").pluck().get(doomed.id);
      sqlite.prepare("DELETE FROM metric_chunks WHERE run_pk = ?").run(pk);
      sqlite.prepare("DELETE FROM metric_tails WHERE run_pk = ?").run(pk);
      sqlite.prepare("DELETE FROM runs WHERE pk = ?").run(pk);
    })();
    await a.close();
    servers = [];
    expect(fs.existsSync(doomed.work) && fs.existsSync(blobFile(a, ownHash))).toBe(true);

    const b = await start(a.dataDir);
    expect(await b.crashSweep).toMatchObject({ purgesFinished: 1, orphanBlobs: 1, tempFiles: 0 });
    expect(fs.existsSync(doomed.work)).toBe(false);
    expect(fs.existsSync(blobFile(b, ownHash))).toBe(false);
    expect(fs.existsSync(tombstone)).toBe(false);
    // The body the other run shares stays and opens.
    expect(fs.existsSync(blobFile(b, sharedHash))).toBe(true);
    const keptTrajectory = (await b.api(`/api/v1/runs/${keptId}/trajectories`)).body.trajectories[0].id as number;
    expect((await b.api(`/api/v1/trajectories/${keptTrajectory}`)).status).toBe(200);
  });

  it("drops the tombstone of a purge killed before its commit: the run and its files stay", async () => {
    const a = await start();
    const run = await trashedRunWithFiles(a, "survivor", [syntheticTrajectory({ seed: 43 })]);
    const [hash] = blobsOf(a, run.id);
    const tombstone = deadProcessTombstone(a.dataDir, run.id);
    await a.close();
    servers = [];

    const b = await start(a.dataDir);
    expect(await b.crashSweep).toMatchObject({ purgesFinished: 0, orphanBlobs: 0 });
    expect(fs.existsSync(tombstone)).toBe(false);
    expect(fs.existsSync(run.work)).toBe(true);
    expect((await b.api(`/api/v1/runs/${run.id}`)).body.deletedAt).not.toBeNull();
    expect(fs.existsSync(blobFile(b, hash))).toBe(true);
    // Purging it now works as usual.
    expect((await b.api(`/api/v1/runs/${run.id}/purge`, { method: "POST" })).body).toMatchObject({ trajectories: 1, blobsRemoved: 1 });
    expect(fs.existsSync(run.work)).toBe(false);
    expect(fs.readdirSync(path.join(b.dataDir, "purging"))).toEqual([]);
  });

  it("answers other requests while it removes a large work folder (the file work is off the event loop)", async () => {
    const s = await start();
    const FILES = 10_000;
    const run = await trashedRunWithFiles(s, "large", [syntheticTrajectory({ seed: 44 })], FILES);
    const other = (await s.api("/api/v1/runs", { body: { project: "purge-crash", name: "other" } })).body.id as string;
    let purgeAnswered = false;
    const purge = s.api(`/api/v1/runs/${run.id}/purge`, { method: "POST" }).then((r) => {
      purgeAnswered = true;
      return r;
    });
    // The rows go first; the folder's thousands of files come after them.
    const runRow = s.app.db.$client.prepare("SELECT 1 FROM runs WHERE id = ?").pluck();
    while (runRow.get(run.id)) await nextTurn();
    const answer = await s.api(`/api/v1/runs/${other}`);
    expect(answer.status).toBe(200);
    expect(purgeAnswered).toBe(false);
    expect(fs.existsSync(run.work)).toBe(true); // still being sized or removed
    const purged = await purge;
    expect(purged.status).toBe(200);
    expect(purged.body.bytesFreed).toBeGreaterThan(FILES * 70);
    expect(fs.existsSync(run.work)).toBe(false);
  });

  it("leaves no tombstone behind when the purge is refused", async () => {
    const s = await start();
    const id = (await s.api("/api/v1/runs", { body: { name: "live" } })).body.id as string;
    expect((await s.api(`/api/v1/runs/${id}/purge`, { method: "POST" })).status).toBe(409);
    const dir = path.join(s.dataDir, "purging");
    expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual([]);
  });
});
