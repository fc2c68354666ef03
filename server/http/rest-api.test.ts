import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../testing/test-server";

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s.close();
});

async function newRun(body: Record<string, unknown> = {}) {
  const r = await s.api("/api/v1/runs", { body });
  expect(r.status).toBe(201);
  return r.body.id as string;
}

const trajectory = (over: Record<string, unknown> = {}) => ({
  skill: "editing",
  taskId: "repo-3/bug-1",
  step: 10,
  groupKey: "10:repo-3/bug-1",
  sampleIndex: 0,
  reward: 1,
  passed: true,
  advantage: 0.5,
  turns: [
    { role: "user", content: "Fix the off-by-one in range()" },
    { role: "assistant", content: "Reading the file", toolCalls: [{ name: "read_file", arguments: { path: "src/range.js" } }], tokens: 40, durationMs: 12 },
    { role: "tool", observation: "export function range(n) { ... }" },
    { role: "assistant", content: "done", toolCalls: [{ name: "submit", arguments: {} }], tokens: 10, durationMs: 3 },
  ],
  verifier: { testsPassed: 12, testsFailed: 0 },
  metadata: { model: "policy-v1" },
  extraField: "kept",
  ...over,
});

describe("auth", () => {
  it("answers 401 without a key and with a wrong key", async () => {
    expect((await s.api("/api/v1/runs", { key: null })).status).toBe(401);
    const r = await s.api("/api/v1/runs", { key: "nope" });
    expect(r.status).toBe(401);
    expect(r.body.error.message).toMatch(/API key/);
  });
});

describe("runs", () => {
  it("creates, reads, lists with filters and finishes a run", async () => {
    const id = await newRun({ project: "p1", name: "joint-grpo", group: "abl-1", config: { lr: 1e-6, skills: ["editing"] }, tags: ["joint"] });
    const got = await s.api(`/api/v1/runs/${id}`);
    expect(got.body).toMatchObject({ id, project: "p1", name: "joint-grpo", group: "abl-1", status: "running", tags: ["joint"] });
    expect(got.body.config).toEqual({ lr: 1e-6, skills: ["editing"] });
    await newRun({ project: "p1", name: "other" });
    expect((await s.api("/api/v1/runs?project=p1&group=abl-1")).body.runs.map((r: any) => r.id)).toEqual([id]);
    expect((await s.api("/api/v1/runs?project=p1")).body.runs).toHaveLength(2);
    const fin = await s.api(`/api/v1/runs/${id}/finish`, { body: { status: "succeeded", exitCode: 0 } });
    expect(fin.status).toBe(200);
    expect(fin.body).toMatchObject({ status: "succeeded", exitCode: 0 });
    expect((await s.api(`/api/v1/runs?project=p1&status=succeeded`)).body.runs).toHaveLength(1);
    expect((await s.api(`/api/v1/runs/${id}/finish`, { body: { status: "succeeded" } })).status).toBe(200);
    expect((await s.api(`/api/v1/runs/${id}/finish`, { body: { status: "failed" } })).status).toBe(409);
  });

  it("creates idempotently with a client-chosen id", async () => {
    const a = await s.api("/api/v1/runs", { body: { id: "client-run-1", name: "a" } });
    const b = await s.api("/api/v1/runs", { body: { id: "client-run-1", name: "a" } });
    expect([a.status, b.status]).toEqual([201, 200]);
    expect(b.body.id).toBe("client-run-1");
  });

  it("rejects bad input with a message naming the field, and unknown runs with 404", async () => {
    const r = await s.api("/api/v1/runs", { body: { name: 42 } });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/^name:/);
    expect((await s.api("/api/v1/runs", { body: "{not json" })).status).toBe(400);
    expect((await s.api("/api/v1/runs?status=exploded")).status).toBe(400);
    const missing = await s.api("/api/v1/runs/nosuchrun");
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain("nosuchrun");
    expect((await s.api("/api/v1/runs/nosuchrun/finish", { body: { status: "failed" } })).status).toBe(404);
    expect((await s.api("/api/v1/runs/x/finish", { body: { status: "done" } })).body.error.message).toMatch(/^status:/);
  });
});

describe("metrics", () => {
  it("appends a batch, answers a retried batch 200 without storing it twice, and reads down-sampled series", async () => {
    const id = await newRun();
    const points = Array.from({ length: 3000 }, (_, i) => ({ key: "skill/editing/pass@1", step: i, value: i % 100 === 0 ? 1 : 0.5 }));
    const first = await s.api(`/api/v1/runs/${id}/metrics`, { body: { batchId: "b1", points } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ accepted: 3000, duplicate: false });
    const again = await s.api(`/api/v1/runs/${id}/metrics`, { body: { batchId: "b1", points: points.map((p) => ({ ...p, value: 9 })) } });
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    const keys = await s.api(`/api/v1/runs/${id}/metric-keys`);
    expect(keys.body.keys).toEqual([{ key: "skill/editing/pass@1", count: 3000, minStep: 0, maxStep: 2999, lastValue: 0.5 }]);
    const series = await s.api(`/api/v1/runs/${id}/metrics?keys=skill/editing/pass@1,unknown&maxPoints=100`);
    const line = series.body.series["skill/editing/pass@1"];
    expect(line.length).toBeLessThanOrEqual(100);
    expect(Math.max(...line.map((p: any) => p.max))).toBe(1);
    expect(Math.max(...line.map((p: any) => p.max))).not.toBe(9);
    expect(series.body.series.unknown).toEqual([]);
    const window = await s.api(`/api/v1/runs/${id}/metrics?keys=skill/editing/pass@1&stepMin=10&stepMax=12`);
    expect(window.body.series["skill/editing/pass@1"].map((p: any) => p.step)).toEqual([10, 11, 12]);
  });

  it("rejects a bad batch whole: no point of it is stored", async () => {
    const id = await newRun();
    const points = [
      { key: "a", step: 1, value: 1 },
      { key: "a", step: 2, value: "high" },
    ];
    const bad = await s.api(`/api/v1/runs/${id}/metrics`, { body: { batchId: "bad", points } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^points\.1\.value/);
    expect((await s.api(`/api/v1/runs/${id}/metric-keys`)).body.keys).toEqual([]);
    const inf = await s.api(`/api/v1/runs/${id}/metrics`, { body: '{"batchId":"n","points":[{"key":"a","step":1,"value":1e999}]}' });
    expect(inf.status).toBe(400);
    expect(inf.body.error.message).toMatch(/finite/);
    const nan = await s.api(`/api/v1/runs/${id}/metrics`, { body: '{"batchId":"n","points":[{"key":"a","step":1,"value":NaN}]}' });
    expect(nan.status).toBe(400);
    expect((await s.api(`/api/v1/runs/${id}/metrics`, { body: { points: [] } })).body.error.message).toMatch(/^batchId/);
    expect((await s.api(`/api/v1/runs/${id}/metrics`, { body: { batchId: "neg", points: [{ key: "a", step: -1, value: 1 }] } })).status).toBe(400);
    // The rejected batch id was not claimed: sending a valid batch with it now stores it.
    expect((await s.api(`/api/v1/runs/${id}/metrics`, { body: { batchId: "bad", points: [{ key: "a", step: 1, value: 1 }] } })).status).toBe(201);
  });

  it("answers 413 for a batch over 10,000 points and 404 for an unknown run", async () => {
    const id = await newRun();
    const points = Array.from({ length: 10_001 }, (_, i) => ({ key: "k", step: i, value: 1 }));
    const r = await s.api(`/api/v1/runs/${id}/metrics`, { body: { batchId: "big", points } });
    expect(r.status).toBe(413);
    expect(r.body.error.message).toMatch(/10000/);
    expect((await s.api(`/api/v1/runs/${id}/metric-keys`)).body.keys).toEqual([]);
    expect((await s.api(`/api/v1/runs/nope/metrics`, { body: { batchId: "x", points: [] } })).status).toBe(404);
    expect((await s.api(`/api/v1/runs/${id}/metrics?keys=k&maxPoints=abc`)).status).toBe(400);
    expect((await s.api(`/api/v1/runs/${id}/metrics`)).body.error.message).toMatch(/^keys/);
  });
});

describe("evals", () => {
  it("derives Avg@k per benchmark and step from the attempts", async () => {
    const id = await newRun();
    const evals = [
      { benchmark: "swe_verified", attempt: 0, score: 1, step: 100 },
      { benchmark: "swe_verified", attempt: 1, score: 0, step: 100 },
      { benchmark: "swe_verified", attempt: 2, score: 1, step: 100 },
      { benchmark: "swe_verified", attempt: 0, score: 1, step: 200 },
      { benchmark: "refactoring", attempt: 0, score: 0.5, step: 100 },
    ];
    expect((await s.api(`/api/v1/runs/${id}/evals`, { body: { batchId: "e1", evals } })).status).toBe(201);
    expect((await s.api(`/api/v1/runs/${id}/evals`, { body: { batchId: "e1", evals } })).status).toBe(200);
    const r = await s.api(`/api/v1/runs/${id}/evals`);
    expect(r.body.benchmarks.swe_verified).toHaveLength(2);
    expect(r.body.benchmarks.swe_verified[0]).toMatchObject({ step: 100, min: 0, max: 1, attempts: 3 });
    expect(r.body.benchmarks.swe_verified[0].avg).toBeCloseTo(2 / 3);
    expect(r.body.benchmarks.refactoring[0]).toMatchObject({ step: 100, avg: 0.5, attempts: 1 });
    const bad = await s.api(`/api/v1/runs/${id}/evals`, { body: { batchId: "e2", evals: [{ benchmark: "x", attempt: 0, step: 1 }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^evals\.0\.score/);
  });
});

describe("trajectories", () => {
  it("stores the body as a compressed content-addressed blob and the index in SQLite", async () => {
    const id = await newRun();
    const batch = { batchId: "t1", trajectories: [trajectory(), trajectory({ sampleIndex: 1, reward: 0, passed: false, skill: "review", step: 20 })] };
    expect((await s.api(`/api/v1/runs/${id}/trajectories`, { body: batch })).status).toBe(201);
    expect((await s.api(`/api/v1/runs/${id}/trajectories`, { body: batch })).status).toBe(200);
    const list = await s.api(`/api/v1/runs/${id}/trajectories`);
    expect(list.body.trajectories).toHaveLength(2);
    expect(list.body.trajectories[0]).toMatchObject({ skill: "editing", taskId: "repo-3/bug-1", passed: true, numSteps: 2, tokens: 50, durationMs: 15, advantage: 0.5 });
    const failed = await s.api(`/api/v1/runs/${id}/trajectories?passed=false`);
    expect(failed.body.trajectories.map((t: any) => t.skill)).toEqual(["review"]);
    expect((await s.api(`/api/v1/runs/${id}/trajectories?skill=editing&stepMin=5&stepMax=15`)).body.trajectories).toHaveLength(1);
    const full = await s.api(`/api/v1/trajectories/${list.body.trajectories[0].id}`);
    expect(full.body.trajectory.turns[1].toolCalls[0]).toEqual({ name: "read_file", arguments: { path: "src/range.js" } });
    expect(full.body.trajectory.extraField).toBe("kept");
    const blobs = fs.readdirSync(path.join(s.dataDir, "blobs"), { recursive: true }).filter((f) => String(f).endsWith(".gz"));
    expect(blobs).toHaveLength(2);
  });

  it("paginates with a cursor", async () => {
    const id = await newRun();
    const trajectories = Array.from({ length: 25 }, (_, i) => trajectory({ sampleIndex: i }));
    await s.api(`/api/v1/runs/${id}/trajectories`, { body: { batchId: "p", trajectories } });
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await s.api(`/api/v1/runs/${id}/trajectories?limit=10${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.body.trajectories.map((t: any) => t.sampleIndex));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect((await s.api(`/api/v1/runs/${id}/trajectories?cursor=garbage`)).status).toBe(400);
  });

  it("rejects a malformed trajectory naming the field, and unknown ids with 404", async () => {
    const id = await newRun();
    const r = await s.api(`/api/v1/runs/${id}/trajectories`, { body: { batchId: "x", trajectories: [trajectory({ passed: "yes" })] } });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/^trajectories\.0\.passed/);
    expect((await s.api(`/api/v1/trajectories/999999`)).status).toBe(404);
    expect((await s.api(`/api/v1/trajectories/abc`)).status).toBe(400);
  });
});

describe("logs", () => {
  it("appends chunks in order and reads after a sequence number", async () => {
    const id = await newRun();
    const chunks = [
      { stream: "stdout", text: "step 1\n" },
      { stream: "stderr", text: "warning\n" },
    ];
    expect((await s.api(`/api/v1/runs/${id}/logs`, { body: { batchId: "l1", chunks } })).status).toBe(201);
    expect((await s.api(`/api/v1/runs/${id}/logs`, { body: { batchId: "l1", chunks } })).status).toBe(200);
    await s.api(`/api/v1/runs/${id}/logs`, { body: { batchId: "l2", chunks: [{ stream: "stdout", text: "step 2\n" }] } });
    const all = await s.api(`/api/v1/runs/${id}/logs`);
    expect(all.body.chunks.map((c: any) => [c.seq, c.stream, c.text])).toEqual([
      [1, "stdout", "step 1\n"],
      [2, "stderr", "warning\n"],
      [3, "stdout", "step 2\n"],
    ]);
    expect((await s.api(`/api/v1/runs/${id}/logs?after=2`)).body.chunks.map((c: any) => c.seq)).toEqual([3]);
    const bad = await s.api(`/api/v1/runs/${id}/logs`, { body: { batchId: "l3", chunks: [{ stream: "stdin", text: "x" }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^chunks\.0\.stream/);
  });
});
