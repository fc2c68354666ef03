import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type WorkerHandle } from "./agent";
import { AgentTestServer, isAlive, killQuietly, NODE, spawnWorkerProcess, tempDir, TSX_LOADER, waitFor } from "./testing/harness";
import { writeSteppingJob } from "./testing/stepping-job";

// lease-expiry.test.ts checks the run's status after a worker is killed with -9; this checks its data:
// what the job logged before the kill stays stored, once, next to what a retry logs.

const LEASE_MS = 3_000;
const control = tempDir("control");
const job = writeSteppingJob(tempDir("scripts"));
const controlFile = (runId: string, name: string) => path.join(control, `${runId}.${name}`);
const argv = [NODE, "--import", TSX_LOADER, job, control];

const server = new AgentTestServer(
  [
    { name: "wt-kill-1", argv, retry: { maxAttempts: 1 } },
    // A second attempt logs 40 steps and ends.
    { name: "wt-kill-2", argv: [...argv, "", "40"], retry: { maxAttempts: 2 } },
  ],
  LEASE_MS,
);
const procs: ChildProcess[] = [];
let rescuer: WorkerHandle | undefined;

beforeAll(() => server.start());
afterEach(async () => {
  await rescuer?.stop({ onStop: "handback" });
  rescuer = undefined;
});
afterAll(async () => {
  for (const p of procs) killQuietly(p.pid);
  for (const f of fs.readdirSync(control).filter((f) => f.endsWith(".pid"))) killQuietly(Number(fs.readFileSync(path.join(control, f), "utf8")));
  await server.stop();
});

const jobPid = (runId: string) => Number(fs.readFileSync(controlFile(runId, "pid"), "utf8"));
/** The last step the job's SDK confirmed stored. */
const ackedStep = (runId: string) => Number(fs.readFileSync(controlFile(runId, "acked"), "utf8").trim().split("\n").at(-1));
const lossSteps = async (runId: string) => (await server.metrics(runId, ["train/loss"]))["train/loss"];
const stdoutLines = async (runId: string) => (await server.streamText(runId, "stdout")).split("\n").slice(0, -1);
const linesUpTo = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`);

/** Launches `recipe` on a worker process of its own pool and kills that worker with -9 while the job logs, past step 30. */
async function launchAndKillWorker(recipe: string, pool: string) {
  const worker = await spawnWorkerProcess(server, ["--pool", pool, "--work-dir", tempDir("work")]);
  procs.push(worker.proc);
  const id = await server.launch(recipe, {}, { pool });
  await waitFor("30 lines stored", async () => (await server.streamText(id, "stdout")).includes("line 30\n"));
  worker.proc.kill("SIGKILL");
  return id;
}

describe("a worker killed with -9 while its job logs", () => {
  it("the run is lost; every metric step the SDK confirmed is stored, and the log is the job's output up to the kill, once, in order", async () => {
    const id = await launchAndKillWorker("wt-kill-1", "kill-1");
    const run = await server.waitForStatus(id, ["lost", "queued", "succeeded", "failed"], 60_000);
    expect(run.status).toBe("lost");
    // Its stdout gone, the job ends; then nothing more can arrive.
    await waitFor("the orphaned job to end", () => !isAlive(jobPid(id)), 30_000);

    const acked = ackedStep(id);
    const steps = await lossSteps(id);
    expect(acked).toBeGreaterThanOrEqual(30);
    expect(steps.map((p) => [p.step, p.value])).toEqual(steps.map((_, i) => [i + 1, 1 / (i + 1)])); // steps 1…n, each once
    expect(steps.length).toBeGreaterThanOrEqual(acked);
    const lines = await stdoutLines(id);
    expect(lines).toEqual(linesUpTo(lines.length));
    expect(lines.length).toBeGreaterThanOrEqual(30);
  });

  it("with 2 attempts another worker runs it again: the first attempt's data stays and the second's joins it", async () => {
    // Pool of its own: only the killed worker, then the rescuer, take its job.
    const worker = await spawnWorkerProcess(server, ["--pool", "kill-2", "--work-dir", tempDir("work")]);
    procs.push(worker.proc);
    const id = await server.launch("wt-kill-2", {}, { pool: "kill-2" });
    await waitFor("15 lines stored", async () => (await server.streamText(id, "stdout")).includes("line 15\n"));
    const firstPid = jobPid(id);
    worker.proc.kill("SIGKILL");
    await waitFor("the first attempt to end", () => !isAlive(firstPid), 30_000);
    const firstLines = await stdoutLines(id);
    const firstSteps = (await lossSteps(id)).length;

    rescuer = await startWorker({ url: server.url, apiKey: server.apiKey, pool: "kill-2", workDir: tempDir("work"), gpus: "none", pollMs: 200, logFlushMs: 100, log: () => {} });
    const run = await server.waitForStatus(id, ["succeeded", "failed", "lost"], 60_000);
    expect(run).toMatchObject({ status: "succeeded", workerId: rescuer.id });
    expect((await server.events(id)).map((e) => e.kind)).toEqual(["queued", "leased", "started", "requeued", "leased", "started", "succeeded"]);
    expect(firstLines).toEqual(linesUpTo(firstLines.length));
    expect(await stdoutLines(id)).toEqual([...firstLines, ...linesUpTo(40)]);
    const steps = await lossSteps(id);
    expect(steps.map((p) => [p.step, p.value])).toEqual(linesUpTo(Math.max(40, firstSteps)).map((_, i) => [i + 1, 1 / (i + 1)]));
  });
});
