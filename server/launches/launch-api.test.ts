import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../testing/test-server";

let s: TestServer;
let workerKey: string;
let sdkKey: string;

beforeAll(async () => {
  const recipes = fs.mkdtempSync(path.join(os.tmpdir(), "launch-recipes-"));
  fs.writeFileSync(
    path.join(recipes, "demo.yaml"),
    `name: demo
description: a demo
argv: [node, demo.js, "--lr={{lr}}", "{{skills}}"]
params:
  lr: {type: float, min: 0, max: 1, default: 0.1}
  skills: {type: skills, default: {editing: 1, review: 1}}
  seed: {type: int, default: 0}
`,
  );
  process.env.SKILLBOARD_RECIPES_DIR = recipes;
  s = await startTestServer();
  workerKey = (await s.api("/api/v1/api-keys", { body: { name: "box-1", role: "worker" } })).body.key;
  sdkKey = (await s.api("/api/v1/api-keys", { body: { name: "trainer", role: "sdk" } })).body.key;
});
afterAll(async () => {
  delete process.env.SKILLBOARD_RECIPES_DIR;
  await s.close();
});

describe("launch API", () => {
  it("lists recipes with their typed params", async () => {
    const r = await s.api("/api/v1/recipes");
    expect(r.body.recipes.map((x: any) => x.name)).toContain("demo");
    expect(r.body.recipes.find((x: any) => x.name === "demo").params.lr).toEqual({ type: "float", min: 0, max: 1, default: 0.1 });
  });

  it("launches an ablation set and lands the runs queued in one group", async () => {
    const r = await s.api("/api/v1/launches", { body: { recipe: "demo", ablationSet: true, name: "abl" } });
    expect(r.status).toBe(201);
    expect(r.body.runs.map((x: any) => [x.name, x.status])).toEqual([
      ["joint", "queued"],
      ["only-editing", "queued"],
      ["only-review", "queued"],
    ]);
    const group = await s.api(`/api/v1/runs?group=${encodeURIComponent(r.body.group)}`);
    expect(group.body.runs).toHaveLength(3);
    const events = await s.api(`/api/v1/runs/${r.body.runs[0].id}/events`);
    expect(events.body.events[0]).toMatchObject({ kind: "queued" });
  });

  it("answers 400 naming the param, 404 for an unknown recipe", async () => {
    const bad = await s.api("/api/v1/launches", { body: { recipe: "demo", params: { lr: "fast" } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^params\.lr/);
    expect((await s.api("/api/v1/launches", { body: { recipe: "missing" } })).status).toBe(404);
  });

  it("lets only admin keys launch and cancel; worker keys lease; SDK keys write to runs", async () => {
    expect((await s.api("/api/v1/launches", { body: { recipe: "demo" }, key: sdkKey })).status).toBe(403);
    const denied = await s.api("/api/v1/launches", { body: { recipe: "demo" }, key: workerKey });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/needs an admin key/);
    expect((await s.api("/api/v1/workers", { body: { id: "sdk-box", host: "x" }, key: sdkKey })).status).toBe(403);
    expect((await s.api("/api/v1/workers", { body: { id: "box-1", host: "box-1" }, key: workerKey })).status).toBe(201);
    const run = await s.api("/api/v1/runs", { body: { name: "from-sdk" }, key: sdkKey });
    expect(run.status).toBe(201);
    expect((await s.api(`/api/v1/runs/${run.body.id}/metrics`, { body: { batchId: "1", points: [{ key: "a", step: 0, value: 1 }] }, key: sdkKey })).status).toBe(201);
    expect((await s.api("/api/v1/api-keys", { body: { name: "x", role: "admin" }, key: sdkKey })).status).toBe(403);
  });

  it("cancels a queued run at once and refuses to cancel it twice", async () => {
    const { body } = await s.api("/api/v1/launches", { body: { recipe: "demo" } });
    const id = body.runs[0].id;
    expect((await s.api(`/api/v1/runs/${id}/cancel`, { body: {}, key: workerKey })).status).toBe(403);
    const c = await s.api(`/api/v1/runs/${id}/cancel`, { body: {} });
    expect(c.body).toMatchObject({ id, status: "canceled" });
    expect((await s.api(`/api/v1/runs/${id}`)).body.status).toBe("canceled");
    expect((await s.api(`/api/v1/runs/${id}/cancel`, { body: {} })).status).toBe(409);
  });

  it("refuses a write with a stale lease token", async () => {
    const { body } = await s.api("/api/v1/launches", { body: { recipe: "demo" } });
    const id = body.runs[0].id;
    await s.api("/api/v1/workers", { body: { id: "box-2", host: "box-2" }, key: workerKey });
    let job: any;
    do job = (await s.api("/api/v1/workers/box-2/lease", { body: { freeGpus: 0 }, key: workerKey })).body.job;
    while (job && job.runId !== id);
    const start = await s.api(`/api/v1/runs/${id}/start`, { body: { leaseToken: job.leaseToken, pid: 1 }, key: workerKey });
    expect(start.status).toBe(200);
    const stale = await s.api(`/api/v1/runs/${id}/logs`, { body: { batchId: "l", leaseToken: "not-the-token", chunks: [{ stream: "stdout", text: "x" }] }, key: workerKey });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("stale_lease");
    const fin = await s.api(`/api/v1/runs/${id}/finish`, { body: { status: "failed", exitCode: 3, error: "boom", leaseToken: job.leaseToken }, key: workerKey });
    expect(fin.body).toMatchObject({ status: "failed", exitCode: 3, error: "boom" });
  });
});

describe("browser sessions", () => {
  it("signs in with an admin key only", async () => {
    const post = (apiKey: string) =>
      fetch(`${s.url}/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ apiKey }) });
    expect((await post("wrong")).status).toBe(401);
    expect((await post(sdkKey)).status).toBe(403);
    const ok = await post(s.apiKey);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("set-cookie")).toMatch(/^skillboard_session=[^;]+; Path=\/; HttpOnly/);
  });
});
