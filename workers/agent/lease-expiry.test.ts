import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type WorkerHandle } from "./agent";
import { AgentTestServer, isAlive, killQuietly, NODE, spawnWorkerProcess, tempDir, waitFor, writeScript } from "./testing/harness";

const LEASE_MS = 3_000;

const scripts = tempDir("scripts");
const markers = tempDir("markers");
/** First attempt: leaves a marker with its pid and runs until killed. A later attempt finds the marker and succeeds. */
const markerJob = writeScript(
  scripts,
  "marker-job.mjs",
  `import fs from "node:fs";
const marker = process.argv[2] + "/" + process.env.SKILLBOARD_RUN_ID;
if (fs.existsSync(marker)) {
  console.log("attempt found the marker; done");
} else {
  fs.writeFileSync(marker, String(process.pid));
  console.log("first attempt, pid " + process.pid);
  setInterval(() => {}, 1000);
}
`,
);

const server = new AgentTestServer(
  [
    { name: "wt-hang-1", argv: [NODE, markerJob, markers], retry: { maxAttempts: 1 } },
    { name: "wt-hang-2", argv: [NODE, markerJob, markers], retry: { maxAttempts: 2 } },
  ],
  LEASE_MS,
);

const procs: ChildProcess[] = [];
const pids: number[] = [];
let rescuer: WorkerHandle | undefined;

/** A worker process on its own pool, so that only it (and the rescuer started later) take the test's jobs. */
async function workerProcess(pool: string, ...args: string[]) {
  const w = await spawnWorkerProcess(server, ["--pool", pool, "--work-dir", tempDir("work"), "--cancel-grace", "1", ...args]);
  procs.push(w.proc);
  return w;
}

const startRescuer = async (pool: string) =>
  (rescuer = await startWorker({ url: server.url, apiKey: server.apiKey, pool, workDir: tempDir("work"), gpus: "none", pollMs: 200, logFlushMs: 100, log: () => {} }));

/** The pid of the first attempt, from its marker. */
const firstPid = (runId: string) =>
  waitFor("the first attempt's marker", () => {
    const file = path.join(markers, runId);
    return fs.existsSync(file) ? Number(fs.readFileSync(file, "utf8")) : null;
  });

beforeAll(() => server.start());
afterEach(async () => {
  await rescuer?.stop({ onStop: "handback" });
  rescuer = undefined;
});
afterAll(async () => {
  for (const p of procs) killQuietly(p.pid);
  for (const pid of pids) killQuietly(pid);
  await server.stop();
});

describe("worker agent: leases", () => {
  it("a worker killed with -9: the run is lost once its lease expires (1 attempt)", async () => {
    const { proc } = await workerProcess("p1");
    const id = await server.launch("wt-hang-1", {}, { pool: "p1" });
    await server.waitForStatus(id, ["running"]);
    pids.push(await firstPid(id));
    proc.kill("SIGKILL");
    await startRescuer("p1"); // its lease polls sweep expired leases
    const run = await server.waitForStatus(id, ["lost", "queued", "succeeded", "failed"], 60_000);
    expect(run.status).toBe("lost");
    // Never declared lost before a lease could have run out (how soon after is measured by npm run bench:lease).
    const events = await server.events(id);
    const leased = events.find((e) => e.kind === "leased")!;
    const lost = events.at(-1)!;
    expect(lost.message).toMatch(/lease .* expired/);
    expect(lost.at).toBeGreaterThanOrEqual(leased.at + LEASE_MS);
  });

  it("a worker killed with -9: with 2 attempts another worker runs it again and it succeeds", async () => {
    const { proc } = await workerProcess("p2");
    const id = await server.launch("wt-hang-2", {}, { pool: "p2" });
    await server.waitForStatus(id, ["running"]);
    pids.push(await firstPid(id));
    await waitFor("the first attempt's output", async () => (await server.streamText(id, "stdout")).includes("first attempt"));
    proc.kill("SIGKILL");
    await startRescuer("p2");
    const run = await server.waitForStatus(id, ["succeeded", "failed", "lost"], 60_000);
    expect(run).toMatchObject({ status: "succeeded", workerId: rescuer!.id });
    expect((await server.events(id)).map((e) => e.kind)).toEqual(["queued", "leased", "started", "requeued", "leased", "started", "succeeded"]);
    expect(await server.streamText(id, "stdout")).toMatch(/first attempt, pid \d+\nattempt found the marker; done\n/);
  });

  it("a worker whose lease went stale kills its copy when the heartbeat says abandon", async () => {
    const a = await workerProcess("p3");
    const id = await server.launch("wt-hang-2", {}, { pool: "p3" });
    await server.waitForStatus(id, ["running"]);
    const stalePid = await firstPid(id);
    pids.push(stalePid);
    a.proc.kill("SIGSTOP"); // frozen: no heartbeats, but its process lives on
    await startRescuer("p3");
    await server.waitForStatus(id, ["succeeded"], 60_000);
    expect(isAlive(stalePid)).toBe(true);
    a.proc.kill("SIGCONT");
    await waitFor("the stale copy to be killed", () => !isAlive(stalePid), 60_000);
    expect(a.output()).toMatch(/stale/);
    expect((await server.run(id)).status).toBe("succeeded"); // the stale worker reported nothing

    // SIGTERM: the worker stops cleanly.
    a.proc.kill("SIGTERM");
    await waitFor("the worker to exit", () => a.proc.exitCode !== null);
    expect(a.proc.exitCode).toBe(0);
    const workers = (await server.api("/workers")).body.workers;
    expect(workers.find((w: { id: string; pool: string; state: string }) => a.output().includes(w.id) && w.pool === "p3")?.state).toBe("stopped");
  });

  it("writes with a stale lease token are refused with 409 stale_lease", async () => {
    expect((await server.api("/workers", { id: "probe-1", host: "probe", pool: "probe", maxJobs: 1 })).status).toBe(201);
    const id = await server.launch("wt-hang-2", {}, { pool: "probe" });
    const { job } = (await server.api("/workers/probe-1/lease", { freeGpus: 0 })).body;
    expect(job.runId).toBe(id);
    const log = (token: string) => server.api(`/runs/${id}/logs`, { batchId: `b-${Math.random()}`, leaseToken: token, chunks: [{ stream: "stdout", text: "x" }] });
    expect((await log(job.leaseToken)).status).toBe(201);
    expect((await server.api(`/runs/${id}/release`, { leaseToken: job.leaseToken })).status).toBe(200);
    const stale = await log(job.leaseToken);
    expect(stale).toMatchObject({ status: 409, body: { error: { code: "stale_lease" } } });
    const metrics = await server.api(`/runs/${id}/metrics`, { batchId: "m1", leaseToken: job.leaseToken, points: [{ key: "a", step: 0, value: 1 }] });
    expect(metrics.status).toBe(409);
    expect((await server.api(`/runs/${id}/finish`, { status: "succeeded", exitCode: 0, leaseToken: job.leaseToken })).status).toBe(409);
    expect((await server.api("/workers/probe-1/heartbeat", { leases: [{ runId: id, leaseToken: job.leaseToken }] })).body.leases).toEqual([
      { runId: id, action: "abandon" },
    ]);
    await server.api(`/runs/${id}/cancel`, {});
  });

  it("SIGTERM with --on-stop handback: stops the run and queues it again without using an attempt", async () => {
    const a = await workerProcess("p4", "--on-stop", "handback");
    const id = await server.launch("wt-hang-1", {}, { pool: "p4" });
    await server.waitForStatus(id, ["running"]);
    const pid = await firstPid(id);
    pids.push(pid);
    a.proc.kill("SIGTERM");
    await waitFor("the worker to exit", () => a.proc.exitCode !== null, 60_000);
    expect(a.proc.exitCode).toBe(0);
    expect(isAlive(pid)).toBe(false);
    expect((await server.run(id)).status).toBe("queued");
    expect((await server.events(id)).at(-1)?.message).toMatch(/handed back/);
    // maxAttempts is 1, yet another worker may still run it: the hand-back did not count.
    await startRescuer("p4");
    await server.waitForStatus(id, ["succeeded"]);
  });
});
