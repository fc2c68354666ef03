import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticTrajectory } from "../testing/synthetic-trajectories";
import { startTestServer, type TestServer } from "../testing/test-server";

/** POST /api/v1/runs/{id}/purge against a real server, SQLite file and blob folder. */
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s.close();
});

const blobFile = (hash: string) => path.join(s.dataDir, "blobs", hash.slice(0, 2), `${hash}.gz`);
const blobOf = (trajectoryId: number) => s.app.db.$client.prepare("SELECT blob FROM trajectories WHERE id = ?").pluck().get(trajectoryId) as string;
const rowsOf = (table: string, pk: number) => s.app.db.$client.prepare(`SELECT count(*) FROM ${table} WHERE run_pk = ?`).pluck().get(pk) as number;
async function runWithData(name: string, trajectories: unknown[]) {
  const id = (await s.api("/api/v1/runs", { body: { project: "purge", name } })).body.id as string;
  // A batch long enough to be written into its chunk row, then a small one that waits as a tail row.
  const points = Array.from({ length: 60 }, (_, step) => ({ key: "skill/editing/pass@1", step, value: 0.5 }));
  expect((await s.api(`/api/v1/runs/${id}/metrics`, { body: { batchId: "m", points } })).status).toBe(201);
  expect((await s.api(`/api/v1/runs/${id}/metrics`, { body: { batchId: "m2", points: [{ key: "skill/editing/pass@1", step: 60, value: 0.6 }] } })).status).toBe(201);
  expect((await s.api(`/api/v1/runs/${id}/evals`, { body: { batchId: "e", evals: [{ benchmark: "swe_verified", attempt: 0, score: 1, step: 1 }] } })).status).toBe(201);
  expect((await s.api(`/api/v1/runs/${id}/logs`, { body: { batchId: "l", chunks: [{ stream: "stdout", text: "hi\n" }] } })).status).toBe(201);
  expect((await s.api(`/api/v1/runs/${id}/trajectories`, { body: { batchId: "t", trajectories } })).status).toBe(201);
  expect((await s.api(`/api/v1/runs/${id}/finish`, { body: { status: "succeeded" } })).status).toBe(200);
  const pk = s.app.db.$client.prepare("SELECT pk FROM runs WHERE id = ?").pluck().get(id) as number;
  const ids = ((await s.api(`/api/v1/runs/${id}/trajectories`)).body.trajectories as { id: number }[]).map((t) => t.id);
  return { id, pk, trajectoryIds: ids };
}

describe("POST /api/v1/runs/{id}/purge", () => {
  it("deletes a trashed run's rows, its unshared trajectory bodies and its work folder; shared bodies stay", async () => {
    const shared = syntheticTrajectory({ seed: 7 });
    const doomed = await runWithData("doomed", [shared, syntheticTrajectory({ seed: 8 })]);
    const kept = await runWithData("kept", [shared]);
    const [sharedHash, ownHash] = doomed.trajectoryIds.map(blobOf);
    expect(blobOf(kept.trajectoryIds[0])).toBe(sharedHash);
    const workDir = path.join(s.dataDir, "work", doomed.id);
    fs.mkdirSync(workDir, { recursive: true });
    fs.writeFileSync(path.join(workDir, "output.log"), "x".repeat(1000));

    const notTrashed = await s.api(`/api/v1/runs/${doomed.id}/purge`, { method: "POST" });
    expect(notTrashed.status).toBe(409);
    expect(notTrashed.body.error.message).toContain("not in the trash: delete it first");
    expect(fs.existsSync(blobFile(ownHash))).toBe(true);

    expect((await s.api(`/api/v1/runs/${doomed.id}`, { method: "DELETE" })).status).toBe(200);
    const purged = await s.api(`/api/v1/runs/${doomed.id}/purge`, { method: "POST" });
    expect(purged.status).toBe(200);
    expect(purged.body).toMatchObject({ id: doomed.id, trajectories: 2, blobsRemoved: 1 });
    expect(purged.body.bytesFreed).toBeGreaterThan(1000);

    expect((await s.api(`/api/v1/runs/${doomed.id}`)).status).toBe(404);
    for (const table of ["metric_chunks", "metric_tails", "run_metric_summaries", "evals", "trajectories", "log_chunks", "ingest_batches"]) {
      expect(rowsOf(table, doomed.pk), table).toBe(0);
    }
    expect(fs.existsSync(blobFile(ownHash))).toBe(false);
    expect(fs.existsSync(workDir)).toBe(false);
    // The other run's copy of the shared body still opens.
    expect(fs.existsSync(blobFile(sharedHash))).toBe(true);
    expect((await s.api(`/api/v1/trajectories/${kept.trajectoryIds[0]}`)).status).toBe(200);
    expect(rowsOf("metric_chunks", kept.pk)).toBeGreaterThan(0);
    expect(rowsOf("metric_tails", kept.pk)).toBeGreaterThan(0);
  });

  it("removes the bodies of a run purged right after it logged them", async () => {
    const run = await runWithData("fresh", [syntheticTrajectory({ seed: 21 })]);
    const hash = blobOf(run.trajectoryIds[0]);
    expect((await s.api(`/api/v1/runs/${run.id}`, { method: "DELETE" })).status).toBe(200);
    const purged = await s.api(`/api/v1/runs/${run.id}/purge`, { method: "POST" });
    expect(purged.body).toMatchObject({ trajectories: 1, blobsRemoved: 1 });
    expect(fs.existsSync(blobFile(hash))).toBe(false);
    // The same body logged again later is stored again.
    const again = await runWithData("again", [syntheticTrajectory({ seed: 21 })]);
    expect(blobOf(again.trajectoryIds[0])).toBe(hash);
    expect((await s.api(`/api/v1/trajectories/${again.trajectoryIds[0]}`)).status).toBe(200);
  });

  it("needs an admin key; 404 for an unknown run", async () => {
    const sdkKey = (await s.api("/api/v1/api-keys", { body: { name: "sdk", role: "sdk" } })).body.key as string;
    const run = await runWithData("guarded", [syntheticTrajectory({ seed: 30 })]);
    await s.api(`/api/v1/runs/${run.id}`, { method: "DELETE" });
    expect((await s.api(`/api/v1/runs/${run.id}/purge`, { method: "POST", key: sdkKey })).status).toBe(403);
    expect((await s.api(`/api/v1/runs/${run.id}/purge`, { method: "POST", key: null })).status).toBe(401);
    expect((await s.api(`/api/v1/runs/${run.id}`)).status).toBe(200);
    expect((await s.api("/api/v1/runs/nosuchrun/purge", { method: "POST" })).status).toBe(404);
  });
});
