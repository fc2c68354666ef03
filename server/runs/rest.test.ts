import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueJob } from "../jobs/queue";
import { syntheticTrajectory } from "../testing/synthetic-trajectories";
import { startTestServer, type TestServer } from "../testing/test-server";

/** PATCH / DELETE /api/v1/runs/{id}, POST …/restore and `?deleted=` against a real server and SQLite file. */
let s: TestServer;
let sdkKey: string;
let workerKey: string;
beforeAll(async () => {
  s = await startTestServer();
  const key = async (role: string) => (await s.api("/api/v1/api-keys", { body: { name: `${role} key`, role } })).body.key as string;
  sdkKey = await key("sdk");
  workerKey = await key("worker");
});
afterAll(async () => {
  await s.close();
});

async function newRun(body: Record<string, unknown> = {}, finish = true) {
  const r = await s.api("/api/v1/runs", { body: { project: "trash-rest", ...body } });
  expect(r.status).toBe(201);
  if (finish) expect((await s.api(`/api/v1/runs/${r.body.id}/finish`, { body: { status: "succeeded" } })).status).toBe(200);
  return r.body.id as string;
}
const patch = (id: string, body: unknown, key?: string | null) => s.api(`/api/v1/runs/${id}`, { method: "PATCH", body, key });
const remove = (id: string, key?: string | null) => s.api(`/api/v1/runs/${id}`, { method: "DELETE", key });
const restore = (id: string, key?: string | null) => s.api(`/api/v1/runs/${id}/restore`, { method: "POST", key });
const listed = async (query: string) => ((await s.api(`/api/v1/runs?project=trash-rest${query}`)).body.runs as { id: string }[]).map((r) => r.id).sort();

describe("PATCH /api/v1/runs/{id}", () => {
  it("renames, re-tags and annotates; the answer is the run", async () => {
    const id = await newRun({ name: "before", tags: ["x"] });
    const r = await patch(id, { name: " after ", tags: ["joint", "seed-1", "joint"], notes: "first line\nsecond line" });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id, name: "after", tags: ["joint", "seed-1"], notes: "first line\nsecond line", deletedAt: null });
    expect((await s.api(`/api/v1/runs/${id}`)).body).toMatchObject({ name: "after", tags: ["joint", "seed-1"] });
    expect((await patch(id, { notes: "" })).body.notes).toBeNull();
  });

  it("lets a trainer's SDK key tag a run; refuses a worker key (403) and no key (401)", async () => {
    const id = await newRun({}, false);
    const bySdk = await patch(id, { tags: ["from-trainer"] }, sdkKey);
    expect(bySdk.status).toBe(200);
    expect(bySdk.body.tags).toEqual(["from-trainer"]);
    const byWorker = await patch(id, { tags: ["w"] }, workerKey);
    expect(byWorker.status).toBe(403);
    expect(byWorker.body.error.message).toBe("This needs an admin key or an SDK key; the request used a worker key.");
    expect((await patch(id, { tags: ["w"] }, null)).status).toBe(401);
    expect((await s.api(`/api/v1/runs/${id}`)).body.tags).toEqual(["from-trainer"]);
  });

  it("answers 400 naming the field, and 404 for an unknown run", async () => {
    const id = await newRun();
    const cases: [unknown, RegExp][] = [
      [{ name: "" }, /^name: must not be empty$/],
      [{ tags: ["ok", "x".repeat(65)] }, /^tags\.1: a tag has at most 64 characters$/],
      [{ tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, /^tags: at most 50 distinct tags$/],
      [{ notes: "x".repeat(20_001) }, /^notes: at most 20,000 characters$/],
      [{ tag: "typo" }, /Unrecognized key: "tag"/],
      ["{not json", /^body: not valid JSON/],
    ];
    for (const [body, message] of cases) {
      const r = await patch(id, body);
      expect(r.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(r.body.error.message).toMatch(message);
    }
    const missing = await patch("nosuchrun", { name: "x" });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe("Run 'nosuchrun' does not exist.");
  });
});

describe("DELETE /api/v1/runs/{id} and POST /api/v1/runs/{id}/restore", () => {
  it("moves a run to the trash (idempotent) and back; its page data stays readable", async () => {
    const id = await newRun({}, false);
    await s.api(`/api/v1/runs/${id}/metrics`, { body: { batchId: "m", points: [{ key: "skill/editing/pass@1", step: 1, value: 0.5 }] } });
    await s.api(`/api/v1/runs/${id}/evals`, { body: { batchId: "e", evals: [{ benchmark: "swe_verified", attempt: 0, step: 1, score: 0.3 }] } });
    await s.api(`/api/v1/runs/${id}/trajectories`, { body: { batchId: "t", trajectories: [syntheticTrajectory({ step: 1 })] } });
    await s.api(`/api/v1/runs/${id}/logs`, { body: { batchId: "l", chunks: [{ stream: "stdout", text: "step 1\n" }] } });
    await s.api(`/api/v1/runs/${id}/finish`, { body: { status: "failed" } });
    const reads = async () => ({
      keys: (await s.api(`/api/v1/runs/${id}/metric-keys`)).body,
      evals: (await s.api(`/api/v1/runs/${id}/evals`)).body,
      trajectories: (await s.api(`/api/v1/runs/${id}/trajectories`)).body,
      logs: (await s.api(`/api/v1/runs/${id}/logs`)).body,
    });
    const before = await reads();
    expect(before.trajectories.trajectories).toHaveLength(1);

    const deleted = await remove(id);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ id, status: "failed", deletedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    const again = await remove(id);
    expect(again.status).toBe(200);
    expect(again.body.deletedAt).toBe(deleted.body.deletedAt);
    expect((await s.api(`/api/v1/runs/${id}`)).body.deletedAt).toBe(deleted.body.deletedAt);
    expect(await reads()).toEqual(before);

    const restored = await restore(id);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ id, deletedAt: null });
    expect((await restore(id)).status).toBe(200);
  });

  it("refuses a launched run whose job is in flight with 409 (cancel it first); a trainer's own running run can go", async () => {
    const launched = await newRun({}, false);
    const pk = s.app.db.$client.prepare("SELECT pk FROM runs WHERE id = ?").pluck().get(launched) as number;
    enqueueJob(s.app.db.$client, { runPk: pk, pool: "local", argv: ["true"], env: {}, resources: { gpus: 0 }, maxAttempts: 1 });
    const r = await remove(launched);
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain("cancel it first");
    expect((await s.api(`/api/v1/runs/${launched}`)).body.deletedAt).toBeNull();

    const sdkRun = await newRun({}, false);
    expect((await remove(sdkRun)).status).toBe(200);
  });

  it("needs an admin key: 403 for an SDK key, 401 without a key; 404 for an unknown run", async () => {
    const id = await newRun();
    const bySdk = await remove(id, sdkKey);
    expect(bySdk.status).toBe(403);
    expect(bySdk.body.error.message).toBe("This needs an admin key; the request used an SDK key.");
    expect((await remove(id, workerKey)).status).toBe(403);
    expect((await remove(id, null)).status).toBe(401);
    expect((await remove("nosuchrun")).status).toBe(404);
    expect((await remove(id)).status).toBe(200);
    expect((await restore(id, sdkKey)).status).toBe(403);
    expect((await restore(id, null)).status).toBe(401);
    expect((await restore("nosuchrun")).status).toBe(404);
  });
});

describe("GET /api/v1/runs?deleted=", () => {
  it("leaves the trash out unless asked; names the parameter of a bad value", async () => {
    const kept = await newRun();
    const gone = await newRun();
    expect((await remove(gone)).status).toBe(200);
    const all = await listed("&deleted=include");
    expect(all).toEqual(expect.arrayContaining([kept, gone]));
    expect(await listed("")).toContain(kept);
    expect(await listed("")).not.toContain(gone);
    expect(await listed("&deleted=only")).toContain(gone);
    expect(await listed("&deleted=only")).not.toContain(kept);
    const bad = await s.api("/api/v1/runs?deleted=yes");
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^deleted: /);
  });
});
