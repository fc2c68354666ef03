import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPython } from "../testing/python-venv";
import { startTestServer, type TestServer } from "../testing/test-server";
import { readTrajectoryGroup } from "../trajectories/group-view";

const FIXTURES = path.join(import.meta.dirname, "test-fixtures");
// rllm is not on PyPI: its own UILogger is checked against an rllm checkout by scripts/check-rllm-ui-logger.ts.

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

const lastLine = (out: string) => out.trim().split("\n").at(-1)!;
const listTrajectories = async (runId: string, query = "") => (await s.api(`/api/v1/runs/${runId}/trajectories?limit=1000${query}`)).body.trajectories as any[];

describe("rllm's UI logger routes (its requests, sent with httpx as rllm sends them)", () => {
  let out: any;
  beforeAll(async () => {
    const script = fs.readFileSync(path.join(FIXTURES, "ui_logger_requests.py"), "utf8");
    out = JSON.parse(lastLine(await runPython(script, { RLLM_UI_URL: s.url, RLLM_API_KEY: s.apiKey })));
  });

  it("a session is a run: project, experiment as name, config, tags; complete finishes it, twice is a no-op", async () => {
    const run = (await s.api(`/api/v1/runs/${out.training}`)).body;
    expect(run).toMatchObject({ project: "rllm-math", name: "grpo-qwen", status: "succeeded", exitCode: 0, tags: ["rllm", "rllm:training"] });
    expect(run.config).toMatchObject({ algorithm: { adv_estimator: "grpo" }, source_metadata: { workflow_name: "SimpleWorkflow" } });
    expect([out.complete, out.completeAgain]).toEqual([200, 200]);
    const evalRun = (await s.api(`/api/v1/runs/${out.eval}`)).body;
    expect(evalRun).toMatchObject({ project: "gsm8k", status: "failed", exitCode: 3, tags: ["rllm", "rllm:eval"] });
  });

  it("metrics land under rllm's own keys at its steps; a value that is not a number is skipped and named", async () => {
    const series = (await s.api(`/api/v1/runs/${out.training}/metrics?keys=actor/entropy,val/gsm8k/pass@1,note`)).body.series;
    expect(series["actor/entropy"].map((p: any) => [p.step, p.value])).toEqual([[1, 0.5], [2, 0.25]]);
    expect(series["val/gsm8k/pass@1"].map((p: any) => p.step)).toEqual([1, 2]);
    expect(series.note).toEqual([]);
    expect(out.metrics[0]).toEqual({ accepted: 4, skipped: [{ key: "note", reason: "not a number (string)" }] });
  });

  it("episodes become trajectories (skill from the task's data source, rllm's group key, the rollout as sample index), stored once", async () => {
    expect(out.episodes.map((e: any) => e.accepted)).toEqual([8, 8]);
    // The one-by-one fallback re-sent four episodes of step 2: all recognised, nothing stored twice.
    expect(out.fallback.map((r: any) => [r.accepted, r.duplicates])).toEqual(Array(4).fill([0, 1]));
    const all = await listTrajectories(out.training);
    expect(all).toHaveLength(16);
    expect(new Set(all.map((t) => t.skill))).toEqual(new Set(["gsm8k"]));

    const group = await listTrajectories(out.training, `&groupKey=${encodeURIComponent("task0-s2:solver")}`);
    expect(group.map((t) => [t.step, t.taskId, t.sampleIndex, t.reward, t.passed]).sort()).toEqual([
      [2, "task0-s2", 0, 1, true],
      [2, "task0-s2", 1, 1, true],
      [2, "task0-s2", 2, 1, true],
      [2, "task0-s2", 3, 0, false],
    ]);
    const { trajectory } = (await s.api(`/api/v1/trajectories/${group[0].id}`)).body;
    expect(trajectory.turns).toEqual([
      { role: "user", content: "What is 6 * 7? (task0-s2)" },
      { role: "assistant", content: expect.stringMatching(/^4[12]$/), reasoning: "let me think", reward: expect.any(Number), done: true, stepId: expect.stringMatching(/^step-/) },
    ]);
    expect(trajectory.verifier).toMatchObject({ is_correct: expect.any(Boolean), termination_reason: "ENV_DONE", signals: { accuracy: expect.any(Number) } });
    expect(trajectory.metadata).toMatchObject({ source: "rllm", trajectoryName: "solver", sessionType: "training", episodeMetrics: { solver_acc: expect.any(Number) } });
  });

  it("trajectory groups open in the GRPO group view: the G rollouts of a task side by side with mean and spread", async () => {
    expect(out.groups[1].groups).toContainEqual({ groupId: "task0-s2:solver", step: 2, samples: 4, expected: 4 });
    expect(out.fallbackGroup.groups).toEqual([{ groupId: "task0-s2:solver", step: 2, samples: 4, expected: 4 }]);
    const view = readTrajectoryGroup(s.app.db, s.app.blobs, { runId: out.training, step: 2, groupKey: "task0-s2:solver" });
    expect(view.samples.map((x) => x.index.sampleIndex)).toEqual([0, 1, 2, 3]);
    expect(view.samples.map((x) => x.index.reward)).toEqual([1, 1, 1, 0]);
    expect(view.meanReward).toBe(0.75);
    expect(view.samples[0].summary.finalText).toBe("42");
  });

  it("the captured console lines are the run's log", async () => {
    expect(out.logs).toBe(200);
    const chunks = (await s.api(`/api/v1/runs/${out.training}/logs`)).body.chunks;
    expect(chunks.map((c: any) => [c.stream, c.text])).toEqual([
      ["stdout", "epoch 0, step 1 started\n"],
      ["stdout", "loading model\n"],
    ]);
  });

  it("an eval result becomes eval attempts of its dataset (Avg@k over each task's rollouts) and its episodes trajectories", async () => {
    expect(out.evalResult).toEqual({ benchmark: "gsm8k", attempts: 2, duplicate: false });
    const gsm = (await s.api(`/api/v1/runs/${out.eval}/evals`)).body.benchmarks.gsm8k;
    // (t + a) % 3 != 0 over t = 0..2, a = 0..1: attempt 0 solves 2 of 3, attempt 1 solves 2 of 3.
    expect(gsm).toEqual([expect.objectContaining({ step: 0, attempts: 2, avg: 4 / 6 })]);
    const signals = (await s.api(`/api/v1/runs/${out.eval}/metrics?keys=eval/gsm8k/accuracy`)).body.series["eval/gsm8k/accuracy"];
    expect(signals.map((p: any) => [p.step, p.value])).toEqual([[0, 4 / 6]]);
    const trajectories = await listTrajectories(out.eval);
    expect(trajectories).toHaveLength(6);
    expect(trajectories.filter((t) => t.passed)).toHaveLength(4);
  });

  it("a request without a key is refused with what to set", () => {
    expect(out.noKey.error.message).toMatch(/RLLM_API_KEY/);
  });
});

describe("rllm routes: bad input", () => {
  const post = (p: string, body: unknown, key: string | null = s.apiKey) => s.api(p, { body, key });

  it("accepts Python's NaN tokens: the NaN metric is skipped, the rest of the request is stored", async () => {
    const run = (await post("/api/sessions", { project: "p", experiment: "nan", config: null })).body;
    const res = await fetch(`${s.url}/api/metrics`, {
      method: "POST",
      headers: { "x-api-key": s.apiKey, "content-type": "application/json" },
      body: `{"session_id": "${run.id}", "step": 3, "data": {"loss": NaN, "kl": -Infinity, "acc": 0.5, "label": "NaN text"}}`,
    });
    expect(res.status).toBe(200);
    expect((await res.json()).skipped.map((x: any) => x.key)).toEqual(["loss", "kl", "label"]);
    const series = (await s.api(`/api/v1/runs/${run.id}/metrics?keys=acc,loss`)).body.series;
    expect(series.acc.map((p: any) => p.value)).toEqual([0.5]);
    expect(series.loss).toEqual([]);
  });

  it("names what is wrong with a 400 and stores nothing of a bad episode batch", async () => {
    const run = (await post("/api/sessions", { project: "p", experiment: "bad" })).body;
    const good = { episode_id: "t:0", session_id: run.id, step: 1, trajectories: [] };
    const bad = await post("/api/episodes/batch", { session_id: run.id, episodes: [good, { ...good, episode_id: "t:1", step: -1 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/episodes\.1: step/);
    expect(await listTrajectories(run.id)).toEqual([]);
    const missing = await post("/api/metrics", { session_id: "nosuchrun1", step: 0, data: { a: 1 } });
    expect(missing.status).toBe(404);
    expect((await post("/api/sessions", { experiment: "no project" })).body.error.message).toMatch(/project/);
    const malformed = await fetch(`${s.url}/api/logs/batch`, { method: "POST", headers: { "x-api-key": s.apiKey }, body: "{not json" });
    expect(malformed.status).toBe(400);
    expect((await post("/api/sessions", { project: "p", experiment: "x" }, "wrong-key")).status).toBe(401);
  });

  it("an episode without trajectories is still one trajectory (reward from is_correct), outside any group", async () => {
    const run = (await post("/api/sessions", { project: "p", experiment: "empty" })).body;
    const r = await post("/api/episodes", { episode_id: "lonely:2", session_id: run.id, step: 4, is_correct: true, task: { prompt: "hi" } });
    expect(r.body).toEqual({ accepted: 1, duplicates: 0, trajectories: 1 });
    const [t] = await listTrajectories(run.id);
    expect(t).toMatchObject({ taskId: "lonely", sampleIndex: 2, groupKey: null, reward: 1, passed: true, skill: "rllm", step: 4 });
  });
});
