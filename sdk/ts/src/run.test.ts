import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { REPO_ROOT, SdkTestServer, tempDir } from "../testing/server";
import * as skillboard from "./index";
import { metricBatches } from "./run";
import type { Trajectory } from "./types";

const server = new SdkTestServer();
beforeAll(() => server.start());
afterAll(() => server.stop());

/** Options every run in these tests gets: the test server, a fresh spool folder, and no process.env. */
const online = () => ({ url: server.url, apiKey: server.apiKey, spoolDir: tempDir("spool"), env: {} });

const trajectory = (i: number, step = 1): Trajectory => ({
  skill: "fix_bug",
  taskId: `task-${i}`,
  step,
  groupKey: `g-${step}`,
  sampleIndex: i,
  reward: i % 2,
  passed: i % 2 === 1,
  advantage: i % 2 ? 0.5 : -0.5,
  turns: [
    { role: "user", content: "fix it" },
    { role: "assistant", content: "ok", toolCalls: [{ name: "bash", arguments: { cmd: "ls" } }], tokens: 12, durationMs: 30 },
    { role: "tool", observation: "a.py" },
  ],
  verifier: { tests: 3 },
  metadata: { seed: i },
});

async function allLogChunks(runId: string) {
  const chunks = [];
  let after = 0;
  for (;;) {
    const page = await server.client.getLogs(runId, { after, limit: 10_000 });
    if (!page.chunks.length) return chunks;
    chunks.push(...page.chunks);
    after = page.nextAfter;
  }
}

describe("Run (online, real server)", () => {
  it("logs metrics, evals, trajectories and log text, and they read back over REST", async () => {
    const opts = online();
    const run = skillboard.init({ ...opts, project: "sdk-ts", name: "first", group: "g1", config: { lr: 0.001 }, tags: ["t1"] });
    expect(run.id).toMatch(/^[0-9a-z]{8}$/);
    expect(skillboard.currentRun()).toBe(run);

    for (let step = 0; step < 100; step++) skillboard.log({ loss: 1 / (step + 1), "eval/pass@1": step / 100 }, step);
    for (let attempt = 0; attempt < 4; attempt++) skillboard.logEval("swe_verified", attempt, attempt % 2, 50);
    for (let i = 0; i < 3; i++) skillboard.logTrajectory(trajectory(i));
    skillboard.logText("stdout", "hello\n");
    skillboard.logText("stderr", "warn: x\n");
    const result = await skillboard.finish();
    expect(result).toMatchObject({ runId: run.id, status: "succeeded", spooled: false, dropped: 0 });
    expect(skillboard.currentRun()).toBeUndefined();

    const c = server.client;
    const stored = await c.getRun(run.id);
    expect(stored).toMatchObject({ project: "sdk-ts", name: "first", group: "g1", status: "succeeded", config: { lr: 0.001 }, tags: ["t1"] });
    const series = await c.getMetrics(run.id, { keys: ["loss", "eval/pass@1"], maxPoints: 1000 });
    expect(series.loss).toHaveLength(100);
    expect(series.loss[9]).toMatchObject({ step: 9, value: 0.1 });
    expect(series.loss[0].wallTime).toBeGreaterThan(1.7e9);
    expect(series["eval/pass@1"]).toHaveLength(100);
    expect((await c.getEvals(run.id)).swe_verified).toEqual([{ step: 50, avg: 0.5, min: 0, max: 1, std: 0.5, attempts: 4 }]);
    const trajs = await c.listTrajectories(run.id);
    expect(trajs.trajectories.map((t) => t.taskId)).toEqual(["task-0", "task-1", "task-2"]);
    const full = await c.getTrajectory(trajs.trajectories[1].id);
    expect(full.trajectory).toMatchObject({ skill: "fix_bug", reward: 1, passed: true, metadata: { seed: 1 } });
    expect((await allLogChunks(run.id)).map((ch) => [ch.stream, ch.text])).toEqual([
      ["stdout", "hello\n"],
      ["stderr", "warn: x\n"],
    ]);
    // Nothing had to be spooled.
    expect(fs.existsSync(run.spoolDir)).toBe(false);
  });

  it("attaches to the run named by SKILLBOARD_RUN_ID instead of creating one", async () => {
    const c = server.client;
    const launched = await c.createRun({ id: "launched-run-1", project: "launcher", name: "from a worker" });
    const runsBefore = (await c.listRuns()).length;
    const run = skillboard.init({
      project: "ignored",
      env: {
        SKILLBOARD_RUN_ID: launched.id,
        SKILLBOARD_URL: server.url,
        SKILLBOARD_API_KEY: server.apiKey,
        SKILLBOARD_SPOOL_DIR: tempDir("spool"),
      },
    });
    expect(run.id).toBe("launched-run-1");
    expect(run.attached).toBe(true);
    run.log({ reward: 0.25 }, 3);
    run.log({ reward: 0.5 }); // default step: the last one + 1
    await run.finish("failed", { exitCode: 2 });

    expect(await c.listRuns()).toHaveLength(runsBefore);
    expect(await c.getRun(launched.id)).toMatchObject({ project: "launcher", name: "from a worker", status: "failed", exitCode: 2 });
    const series = await c.getMetrics(launched.id, { keys: ["reward"] });
    expect(series.reward.map((p) => [p.step, p.value])).toEqual([
      [3, 0.25],
      [4, 0.5],
    ]);
  });

  it("the client renames, tags and annotates a run, moves it to the trash and back", async () => {
    const c = server.client;
    const run = await c.createRun({ project: "sdk-ts-trash", name: "to-edit" });
    await c.finishRun(run.id, { status: "succeeded" });
    expect(await c.updateRun(run.id, { name: "edited", tags: ["a", "b", "a"], notes: "note" })).toMatchObject({ name: "edited", tags: ["a", "b"], notes: "note" });
    expect((await c.deleteRun(run.id)).deletedAt).not.toBeNull();
    expect(await c.listRuns({ project: "sdk-ts-trash" })).toEqual([]);
    expect((await c.listRuns({ project: "sdk-ts-trash", deleted: "only" })).map((r) => r.id)).toEqual([run.id]);
    expect((await c.restoreRun(run.id)).deletedAt).toBeNull();
    await expect(c.updateRun(run.id, { name: "" })).rejects.toMatchObject({ status: 400, message: "name: must not be empty" });
  });

  it("the client pages through every run past the first page", async () => {
    const c = server.client;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await c.createRun({ project: "sdk-ts-pages", name: `r${i}` })).id);
    const first = await c.listRunsPage({ project: "sdk-ts-pages", limit: 2 });
    expect(first).toMatchObject({ total: 5, matched: 5 });
    expect(first.runs).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const all: string[] = [];
    for await (const run of c.iterateRuns({ project: "sdk-ts-pages", limit: 2 })) all.push(run.id);
    expect(all).toEqual([...ids].reverse());
    expect((await c.listRuns({ project: "sdk-ts-pages", limit: 2 })).map((r) => r.id)).toEqual(first.runs.map((r) => r.id));
  });

  it("a managed run (SKILLBOARD_MANAGED=1) is only flushed by finish(): its worker reports the status", async () => {
    const c = server.client;
    const launched = await c.createRun({ id: "managed-run-1", project: "launcher" });
    const env = { SKILLBOARD_RUN_ID: launched.id, SKILLBOARD_MANAGED: "1", SKILLBOARD_URL: server.url, SKILLBOARD_API_KEY: server.apiKey };
    const run = skillboard.init({ env: { ...env, SKILLBOARD_SPOOL_DIR: tempDir("spool") } });
    expect(run.managed).toBe(true);
    run.log({ reward: 1 }, 0);
    expect(await run.finish("failed", { exitCode: 2 })).toMatchObject({ status: "failed", spooled: false });
    expect(await c.getRun(launched.id)).toMatchObject({ status: launched.status, exitCode: null });
    expect((await c.getMetrics(launched.id, { keys: ["reward"] })).reward).toHaveLength(1);
  });

  it("only queues in log(): 50,000 calls return nothing to wait on, go out in a few batches, and every point arrives", async () => {
    const fetches = vi.spyOn(globalThis, "fetch");
    const run = skillboard.init({ ...online(), name: "many" });
    try {
      expect(run.log({ x: 0 }, 0)).toBeUndefined();
      for (let step = 1; step < 50_000; step++) run.log({ x: step }, step);
      await run.finish();
      const metricPosts = fetches.mock.calls.filter(([url]) => String(url).endsWith(`/runs/${run.id}/metrics`));
      expect(metricPosts.length).toBeGreaterThan(0);
      expect(metricPosts.length).toBeLessThanOrEqual(50); // batches, not a round trip per call
    } finally {
      fetches.mockRestore();
    }
    const keys = await server.client.listMetricKeys(run.id);
    expect(keys).toEqual([{ key: "x", count: 50_000, minStep: 0, maxStep: 49_999, lastValue: 49_999 }]);
  });

  it("sends in the background without flush() or finish()", async () => {
    const run = skillboard.init({ ...online(), flushIntervalMs: 50 });
    run.log({ y: 1 }, 0);
    await vi.waitFor(async () => expect((await server.client.listMetricKeys(run.id))[0]?.count).toBe(1), { timeout: 5_000 });
    await run.finish();
  });

  it("drops NaN and Infinity with a console warning and keeps the rest", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const run = skillboard.init(online());
      run.log({ loss: Number.NaN, ok: 1 }, 0);
      run.log({ loss: Number.POSITIVE_INFINITY }, 1);
      run.log({ loss: 2 }, 2);
      run.logEval("bench", 0, Number.NaN, 2);
      run.logTrajectory({ ...trajectory(0), reward: Number.NaN });
      const result = await run.finish();
      expect(result.dropped).toBe(0);
      const messages = warn.mock.calls.map((args) => String(args[0]));
      expect(messages.filter((m) => m.includes("metric 'loss'"))).toHaveLength(1); // once per key
      expect(messages.some((m) => m.includes("NaN") && m.startsWith("skillboard:"))).toBe(true);
      expect(messages.some((m) => m.includes("eval score of 'bench'"))).toBe(true);
      expect(messages.some((m) => m.includes("trajectory of 'fix_bug'"))).toBe(true);
      const series = await server.client.getMetrics(run.id, { keys: ["loss", "ok"] });
      expect(series.loss.map((p) => [p.step, p.value])).toEqual([[2, 2]]);
      expect(series.ok).toHaveLength(1);
      expect((await server.client.listTrajectories(run.id)).trajectories).toHaveLength(0);
    } finally {
      warn.mockRestore();
    }
  });

  it("rejects mistakes at the call instead of losing a whole batch on the server", () => {
    const run = skillboard.init({ ...online(), finishOnExit: false });
    expect(() => run.log({ a: 1 }, -1)).toThrow(TypeError);
    expect(() => run.log({ a: 1 }, 1.5)).toThrow(TypeError);
    expect(() => run.log({ "": 1 }, 1)).toThrow(TypeError);
    expect(() => run.logTrajectory({ ...trajectory(0), passed: "yes" as never })).toThrow(/passed/);
    expect(() => run.logText("stdin" as never, "x")).toThrow(/stream/);
    expect(() => skillboard.init({ ...online(), runId: "no" })).toThrow(/run id/);
    expect(() => skillboard.init({ ...online(), mode: "sometimes" as never })).toThrow(/online/);
    void run.finish();
  });

  it("warns about a batch the server refuses and goes on with the rest", async () => {
    const warnings: string[] = [];
    const run = skillboard.init({ ...online(), warn: (m) => warnings.push(m) });
    run.log({ a: 1 }, 0);
    await run.flush();
    // Finish the run from elsewhere as 'canceled': the SDK's own 'succeeded' is then a 409.
    await server.client.finishRun(run.id, { status: "canceled" });
    run.log({ a: 2 }, 1);
    const result = await run.finish("succeeded");
    expect(result.dropped).toBe(1);
    expect(warnings.join("\n")).toMatch(/could not finish run .*already ended as 'canceled'/);
    expect((await server.client.listMetricKeys(run.id))[0].count).toBe(2);
  });

  it("a script that exits without finish() still delivers, finishes the run, and is not kept alive", async () => {
    const dir = tempDir("script");
    const script = path.join(dir, "train.ts");
    fs.writeFileSync(
      script,
      `import { init } from ${JSON.stringify(path.join(REPO_ROOT, "sdk/ts/src/index.ts"))};
const run = init({ spoolDir: ${JSON.stringify(path.join(dir, "spool"))} });
for (let step = 0; step < 10; step++) run.log({ a: step }, step);
run.logText("stdout", "bye\\n");
console.log(run.id);
process.exitCode = 3;
`,
    );
    const exit = await promisify(execFile)(
      process.execPath,
      ["--import", path.join(REPO_ROOT, "node_modules/tsx/dist/loader.mjs"), script],
      { env: { ...process.env, SKILLBOARD_URL: server.url, SKILLBOARD_API_KEY: server.apiKey }, timeout: 20_000 },
    ).catch((error: { code?: number; stdout: string; stderr: string }) => error);
    expect(exit).toMatchObject({ code: 3, stderr: "" }); // its own exit code, not killed by the timeout
    const runId = exit.stdout.trim();
    expect(await server.client.getRun(runId)).toMatchObject({ status: "failed", exitCode: 3 });
    expect((await server.client.listMetricKeys(runId))[0].count).toBe(10);
    expect((await allLogChunks(runId)).map((c) => c.text)).toEqual(["bye\n"]);
  });
});

describe("metricBatches", () => {
  it("cuts logged steps into batches of at most the limit of values, splitting a step with more", () => {
    const step = (s: number, n: number) => ({ step: s, wallTime: 1, values: Object.fromEntries(Array.from({ length: n }, (_, k) => [`k${k}`, k])) });
    const batches = metricBatches([step(0, 3), step(1, 3), step(2, 7), step(3, 1)], 5);
    const sizes = batches.map((b) => b.map((s) => Object.keys(s.values).length));
    expect(sizes).toEqual([[3], [3], [5], [2, 1]]);
    expect(batches[2][0]).toMatchObject({ step: 2, wallTime: 1 });
    expect(batches.flat().reduce((a, s) => a + Object.keys(s.values).length, 0)).toBe(14);
  });
});
