import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, SdkTestServer, tempDir } from "../testing/server";
import { SkillboardHttpError } from "./client";
import { init } from "./index";
import { RunSpool } from "./spool";
import { syncSpoolDir } from "./sync";

const server = new SdkTestServer();
beforeAll(() => server.start());
afterAll(() => server.stop());

/** An offline run: SKILLBOARD_MODE=offline, so it writes only its spool folder. */
async function offlineRun(spoolDir: string, steps = 300) {
  const run = init({
    project: "offline-proj",
    name: "offline",
    config: { seed: 7 },
    env: { SKILLBOARD_MODE: "offline", SKILLBOARD_SPOOL_DIR: spoolDir, SKILLBOARD_URL: server.url, SKILLBOARD_API_KEY: server.apiKey },
  });
  for (let step = 0; step < steps; step++) {
    run.log({ loss: 1 / (step + 1) }, step);
    if (step % 100 === 0) {
      run.logText("stdout", `step ${step}\n`);
      run.logEval("humaneval", 0, 1, step);
      run.logEval("humaneval", 1, 0, step);
      run.logTrajectory({ skill: "s", taskId: `task${step}`, step, reward: 1, passed: true, turns: [{ role: "assistant" }] });
    }
    if (step % 25 === 0) await run.flush(); // several flushes: several lines per kind
  }
  const result = await run.finish();
  expect(result.spooled).toBe(true);
  return run;
}

/** What the server holds for a run, to compare before and after a second upload. */
async function snapshot(runId: string) {
  const c = server.client;
  return {
    run: await c.getRun(runId).then((r) => [r.status, r.project, r.name, r.config]),
    keys: await c.listMetricKeys(runId),
    evals: await c.getEvals(runId),
    trajectories: (await c.listTrajectories(runId, { limit: 1000 })).trajectories.map((t) => t.taskId),
    logs: (await c.getLogs(runId)).chunks.map((ch) => ch.text),
  };
}

describe("offline runs and syncSpoolDir", () => {
  it("offline mode writes only the spool; sync uploads it; a second sync stores nothing twice", async () => {
    const spoolDir = tempDir("spool");
    const run = await offlineRun(spoolDir, 300);

    // Nothing went over the network.
    await expect(server.client.getRun(run.id)).rejects.toMatchObject({ status: 404, code: "not_found" });
    // The spool is the documented format.
    const folder = path.join(spoolDir, run.id);
    expect(run.spoolDir).toBe(folder);
    expect(JSON.parse(fs.readFileSync(path.join(folder, "run.json"), "utf8"))).toEqual({
      id: run.id,
      project: "offline-proj",
      name: "offline",
      config: { seed: 7 },
    });
    const lines = fs.readFileSync(path.join(folder, "batches.jsonl"), "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(new Set(lines.map((l) => l.kind))).toEqual(new Set(["metrics", "evals", "trajectories", "logs", "finish"]));
    expect(lines.at(-1)).toEqual({ kind: "finish", body: { status: "succeeded" } });
    expect(lines[0].body.batchId).toEqual(expect.any(String));
    expect(lines[0].body.steps[0]).toMatchObject({ step: 0, wallTime: expect.any(Number), values: { loss: 1 } });
    expect(fs.existsSync(path.join(folder, "synced"))).toBe(false);

    const logged: string[] = [];
    const first = await syncSpoolDir(spoolDir, { url: server.url, apiKey: server.apiKey, log: (l) => logged.push(l) });
    expect(first).toMatchObject({ synced: 1, failed: 0 });
    expect(first.runs[0]).toMatchObject({ runId: run.id, status: "synced", sent: lines.length, duplicates: 0, dropped: 0 });
    expect(logged.join("\n")).toContain(`run ${run.id}: ${lines.length} batches uploaded`);
    const stored = await snapshot(run.id);
    expect(stored.run).toEqual(["succeeded", "offline-proj", "offline", { seed: 7 }]);
    expect(stored.keys.map((k) => [k.key, k.count])).toEqual([["loss", 300]]);
    expect(stored.evals.humaneval.map((e) => [e.step, e.avg, e.attempts])).toEqual([
      [0, 0.5, 2],
      [100, 0.5, 2],
      [200, 0.5, 2],
    ]);
    expect(stored.trajectories).toEqual(["task0", "task100", "task200"]);
    expect(stored.logs).toEqual(["step 0\n", "step 100\n", "step 200\n"]);
    expect(fs.readFileSync(path.join(folder, "sync-offset"), "utf8").trim()).toBe(String(lines.length));
    expect(fs.existsSync(path.join(folder, "synced"))).toBe(true);

    // Again: nothing left to send.
    const second = await syncSpoolDir(spoolDir, { url: server.url, apiKey: server.apiKey });
    expect(second).toMatchObject({ synced: 1, failed: 0 });
    expect(second.runs[0]).toMatchObject({ sent: 0, alreadySynced: true });
    expect(await snapshot(run.id)).toEqual(stored);

    // Even with the resume point lost, a replay stores nothing twice: every line carries its batch id.
    fs.rmSync(path.join(folder, "sync-offset"));
    fs.rmSync(path.join(folder, "synced"));
    const replay = await syncSpoolDir(folder, { url: server.url, apiKey: server.apiKey }); // DIR is one run's folder
    expect(replay.runs[0]).toMatchObject({ sent: lines.length, duplicates: lines.length - 1 }); // all but 'finish'
    expect(await snapshot(run.id)).toEqual(stored);
  });

  it("resumes from sync-offset, keeps the spool when the key is refused, and reads a spool written by the Python SDK", async () => {
    const spoolDir = tempDir("spool");
    // Written by hand exactly as docs/spool-format.md shows (the Python SDK's output).
    const folder = path.join(spoolDir, "py-run-0001");
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(
      path.join(folder, "run.json"),
      JSON.stringify({ id: "py-run-0001", project: "py", name: "from python", group: null, config: {}, tags: [] }),
    );
    const batchLines = [
      { kind: "metrics", body: { batchId: "b1", points: [{ key: "loss", step: 1, value: 0.5, wallTime: 1760000000.1 }] } },
      { kind: "evals", body: { batchId: "b2", evals: [{ benchmark: "swe_verified", attempt: 0, score: 1, step: 100 }] } },
      { kind: "logs", body: { batchId: "b3", chunks: [{ stream: "stdout", text: "hi\n" }] } },
      { kind: "metrics", body: { batchId: "b4", points: [{ key: "loss", step: 2, value: 0.25 }] } },
      { kind: "finish", body: { status: "succeeded", exitCode: 0 } },
    ];
    fs.writeFileSync(path.join(folder, "batches.jsonl"), batchLines.map((l) => JSON.stringify(l)).join("\n") + "\n");

    // A wrong key: the run fails, nothing is skipped, the resume point stays.
    const refused = await syncSpoolDir(spoolDir, { url: server.url, apiKey: "wrong-key", log: () => {} });
    expect(refused).toMatchObject({ synced: 0, failed: 1 });
    expect(refused.runs[0]).toMatchObject({ status: "failed", dropped: 0, unreachable: false });
    expect(new RunSpool(folder).readOffset()).toBe(0);

    // Pretend an earlier upload got through the first three lines.
    fs.writeFileSync(path.join(folder, "sync-offset"), "3");
    const res = await syncSpoolDir(spoolDir, { url: server.url, apiKey: server.apiKey });
    expect(res.runs[0]).toMatchObject({ status: "synced", sent: 2 });
    expect((await server.client.getMetrics("py-run-0001", { keys: ["loss"] })).loss.map((p) => p.step)).toEqual([2]);
    expect(await server.client.getRun("py-run-0001")).toMatchObject({ project: "py", status: "succeeded", exitCode: 0 });
  });

  it("reports a server that cannot be reached as failed, quickly, and keeps the spool", async () => {
    const spoolDir = tempDir("spool");
    const run = await offlineRun(spoolDir, 3);
    const res = await syncSpoolDir(spoolDir, { url: "http://127.0.0.1:9", apiKey: "k", retry: { giveUpAfterMs: 0 }, log: () => {} });
    expect(res).toMatchObject({ synced: 0, failed: 1 });
    expect(res.runs[0]).toMatchObject({ runId: run.id, unreachable: true });
    await expect(syncSpoolDir(path.join(spoolDir, "missing"))).rejects.toThrow(/no such spool folder/);
  });

  it("`bin/skillboard sync DIR` uploads a spool as a real subprocess", async () => {
    const spoolDir = tempDir("spool");
    const a = await offlineRun(spoolDir, 120);
    const b = await offlineRun(spoolDir, 80);
    const { stdout } = await promisify(execFile)(path.join(REPO_ROOT, "bin/skillboard"), ["sync", spoolDir], {
      env: { ...process.env, SKILLBOARD_URL: server.url, SKILLBOARD_API_KEY: server.apiKey },
      cwd: REPO_ROOT,
      timeout: 30_000,
    });
    expect(stdout).toContain("synced 2 runs");
    expect((await server.client.listMetricKeys(a.id))[0].count).toBe(120);
    expect((await server.client.listMetricKeys(b.id))[0].count).toBe(80);
    expect((await server.client.getRun(b.id)).status).toBe("succeeded");

    // With the server's key missing, it exits 1.
    const c = await offlineRun(tempDir("spool"), 1);
    const failed = promisify(execFile)(path.join(REPO_ROOT, "bin/skillboard"), ["sync", path.dirname(c.spoolDir)], {
      env: { ...process.env, SKILLBOARD_URL: server.url, SKILLBOARD_API_KEY: "" },
      cwd: REPO_ROOT,
      timeout: 30_000,
    });
    await expect(failed).rejects.toMatchObject({ code: 1 });
  }, 60_000);
});

describe("SkillboardClient errors", () => {
  it("throws SkillboardHttpError with the server's code and message", async () => {
    const err = await server.client.getRun("does-not-exist").catch((e) => e);
    expect(err).toBeInstanceOf(SkillboardHttpError);
    expect(err).toMatchObject({ status: 404, code: "not_found", message: "Run 'does-not-exist' does not exist." });
  });
});
