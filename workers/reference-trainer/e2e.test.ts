/**
 * End to end against a real server (REST on a random port, SQLite in a temp
 * folder): the trainer as a subprocess logging through the SDK, and the
 * `reference-joint-grpo` recipe launched through the API and run by a real
 * worker agent. Both must leave metrics for all five skills, eval rows for
 * every composite benchmark and trajectories that open through the API.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, startTestServer, type TestServer } from "../../server/testing/test-server";
import { ATOMIC_SKILLS, BENCHMARKS } from "./world/types";

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
}, 60_000);
afterAll(() => s?.close());

/** A clean environment for child processes (no test-runner variables). */
const baseEnv = () => ({ PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? os.tmpdir(), TMPDIR: os.tmpdir() }) as unknown as NodeJS.ProcessEnv;

async function expectTrainerOutput(runId: string, finalStep: number) {
  const keys: string[] = (await s.api(`/api/v1/runs/${runId}/metric-keys`)).body.keys.map((k: { key: string }) => k.key);
  for (const skill of ATOMIC_SKILLS) {
    for (const m of ["pass@1", "avg_steps", "reward"]) expect(keys, `skill/${skill}/${m}`).toContain(`skill/${skill}/${m}`);
    expect(keys).toContain(`heldout/${skill}/avg@3`);
  }
  for (const k of ["train/loss", "train/entropy", "train/kl", "train/adv_abs_mean", "train/clip_fraction", "train/env_steps_per_s", "skill/unit_test/kill_rate", "heldout/unit_test/kill_rate"]) expect(keys).toContain(k);

  const evals = (await s.api(`/api/v1/runs/${runId}/evals`)).body.benchmarks;
  for (const b of BENCHMARKS) {
    expect(evals[b], b).toBeDefined();
    expect(evals[b].map((e: { step: number }) => e.step)).toEqual([0, finalStep]);
    for (const e of evals[b]) expect(e.attempts).toBe(3);
  }

  const rows = (await s.api(`/api/v1/runs/${runId}/trajectories?limit=200`)).body.trajectories;
  expect(rows.length).toBeGreaterThan(0);
  const trained = rows.find((r: { advantage: number | null }) => r.advantage !== null);
  const composite = rows.find((r: { skill: string }) => r.skill === "bug_fix");
  expect(trained).toBeDefined();
  expect(composite).toBeDefined();
  for (const row of [trained, composite]) {
    const { body, status } = await s.api(`/api/v1/trajectories/${row.id}`);
    expect(status).toBe(200);
    const t = body.trajectory;
    expect(t.groupKey).toEqual(expect.any(String));
    expect(t.turns[0]).toMatchObject({ role: "user", content: expect.any(String) });
    expect(t.turns[1].toolCalls[0]).toMatchObject({ name: expect.any(String), arguments: expect.any(Object) });
    expect(typeof t.turns[1].observation).toBe("string");
    expect(t.verifier).toEqual(expect.any(Object));
    expect(t.metadata).toMatchObject({ repo: expect.any(String), phase: expect.any(String) });
  }
}

describe("reference trainer against a real server", () => {
  it("runs as a subprocess and logs metrics, evals and trajectories through the SDK", async () => {
    const run = (await s.api("/api/v1/runs", { body: { name: "reference-e2e" } })).body;
    const args = ["--steps", "2", "--eval-every", "2", "--eval-tasks", "3", "--group-size", "3", "--tasks-per-step", "5", "--trajectories", "all"];
    const child = spawn(process.execPath, ["--import", "tsx", "workers/reference-trainer/main.ts", ...args], {
      cwd: REPO_ROOT,
      env: { ...baseEnv(), SKILLBOARD_URL: s.url, SKILLBOARD_API_KEY: s.apiKey, SKILLBOARD_RUN_ID: run.id },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code, output).toBe(0);
    expect(output).toMatch(/eval @ step 2: bug_fix/);
    expect((await s.api(`/api/v1/runs/${run.id}`)).body.status).toBe("succeeded");
    await expectTrainerOutput(run.id, 2);
  }, 120_000);

  it("runs the recipe launched through the API on a real worker", async () => {
    const { startWorker } = await import("../agent/agent");
    const launched = await s.api("/api/v1/launches", {
      body: {
        recipe: "reference-joint-grpo",
        name: "reference-worker-e2e",
        params: { steps: 2, eval_every: 2, group_size: 2, tasks_per_step: 5, trajectories: "all" },
      },
    });
    expect(launched.status, JSON.stringify(launched.body)).toBe(201);
    const runId = launched.body.runs[0].id;
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "reference-worker-"));
    const worker = await startWorker({ url: s.url, apiKey: s.apiKey, gpus: "none", rootDir: REPO_ROOT, workDir, env: baseEnv(), pollMs: 200, log: () => {} });
    try {
      let run: { status: string; error: string | null } = { status: "queued", error: null };
      for (const deadline = Date.now() + 100_000; Date.now() < deadline && !["succeeded", "failed", "canceled", "lost"].includes(run.status); ) {
        await new Promise((r) => setTimeout(r, 500));
        run = (await s.api(`/api/v1/runs/${runId}`)).body;
      }
      expect(run.status, run.error ?? "").toBe("succeeded");
      const logs = (await s.api(`/api/v1/runs/${runId}/logs?limit=1000`)).body.chunks.map((c: { text: string }) => c.text).join("");
      expect(logs).toMatch(/reference trainer: run /);
      await expectTrainerOutput(runId, 2);
    } finally {
      await worker.stop({ onStop: "handback" });
    }
  }, 150_000);
});
