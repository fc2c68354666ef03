import Database from "better-sqlite3";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sleep, waitFor, type RecipeSpec } from "../agent/testing/harness";
import { RayExecutor, rayStatus } from "./ray";
import { FakeRayCluster } from "./testing/fake-ray";
import { expectEventOrder, PoolTestServer } from "./testing/cluster-harness";
import { holdFile, jobPath, writeTrainer } from "./testing/trainers";

/**
 * The Ray pool against an HTTP server that answers as Ray's documented Jobs
 * REST API does (Ray cannot be installed here): it runs the entrypoints for
 * real, so the in-job wrapper streams logs and metrics to the server as on a cluster.
 */

const trainer = writeTrainer();
const params = { code: { type: "int", default: 0 }, lines: { type: "int", default: 3 }, ms: { type: "int", default: 100 }, value: { type: "string", default: "--x; rm -rf /" }, hold: { type: "string", default: "" } };
const recipe = (name: string, gpus: number, extra: Record<string, unknown> = {}): RecipeSpec =>
  ({ name, argv: ["node", trainer, "{{code}}", "{{lines}}", "{{ms}}", "{{value}}", "{{hold}}"], params, resources: { gpus, ...extra }, pool: "ray" }) as RecipeSpec;

const ray = new FakeRayCluster({ gpus: 4, pendingMs: 1500 });
let s: PoolTestServer;

beforeAll(async () => {
  await ray.start();
  s = new PoolTestServer([recipe("one-gpu", 1, { cpus: 2, memory: "1G" }), recipe("cpu", 0), recipe("huge", 8)], {
    ray: {
      type: "ray",
      address: ray.url,
      pollInterval: 0.5,
      headers: { Authorization: "Bearer ray-token" },
      runtimeEnv: { env_vars: { FROM_POOL_RUNTIME_ENV: "1" }, pip: ["requests"] },
      env: { PATH: jobPath(), SKILLBOARD_SYSTEM_METRICS_MS: "500" },
    },
  });
  await s.start();
}, 120_000);
afterAll(async () => {
  await s?.stop();
  await ray.destroy();
});

describe("a recipe on a Ray pool (Ray Jobs REST API)", () => {
  it("submits with the run's id as submission_id, is PENDING then RUNNING, and succeeds with its logs and metrics", async () => {
    const hold = holdFile();
    const id = await s.launch("one-gpu", { hold: hold.path });
    const pending = await waitFor("Ray's pending message on the run", async () => {
      const j = await s.job(id);
      return j.schedulerState === "PENDING" ? j : null;
    }, 30_000);
    expect(pending).toMatchObject({ poolType: "ray", schedulerId: id });
    expect(pending.reason).toMatch(/^Job has not started yet/);
    expect((await s.run(id)).status).toBe("queued");

    const sub = ray.submissions.find((b) => b.submission_id === id)!;
    expect(sub).toMatchObject({
      submission_id: id,
      entrypoint_num_gpus: 1,
      entrypoint_num_cpus: 2,
      entrypoint_memory: 2 ** 30,
      metadata: { skillboard_run: id, skillboard_pool: "ray", skillboard_attempt: "1" },
      runtime_env: { pip: ["requests"], env_vars: { FROM_POOL_RUNTIME_ENV: "1", SKILLBOARD_SCHEDULER_JOB_ID: id } },
    });
    const envVars = (sub.runtime_env as { env_vars: Record<string, string> }).env_vars;
    expect(envVars.SKILLBOARD_URL).toBe(s.url);
    expect(envVars.SKILLBOARD_API_KEY).toMatch(/^sk_/);
    expect(sub.entrypoint).toMatch(/ exec --run \S+ --run-dir .* -- node \S+ 0 3 100 '--x; rm -rf \/' \S+$/);
    expect(pending.script).not.toContain(envVars.SKILLBOARD_API_KEY);
    expect(pending.script).toContain("<hidden: the cluster-jobs API key>");

    // The trainer holds itself in RUNNING until released: the poll that sees RUNNING records it.
    await waitFor("Ray's RUNNING state on the run", async () => (await s.job(id)).schedulerState === "RUNNING", 60_000);
    await waitFor("the running event", async () => (await s.events(id)).some((e) => e.kind === "running"), 30_000);
    expect((await s.run(id)).status).toBe("running");
    hold.release();

    const run = await s.waitForStatus(id, ["succeeded", "failed", "canceled", "lost"], 60_000);
    expect(run).toMatchObject({ status: "succeeded", exitCode: 0 });
    const stdout = await s.streamText(id, "stdout");
    expect(JSON.parse(stdout.split("\n")[0])).toMatchObject({ value: "--x; rm -rf /", managed: "1", run: id });
    expect(stdout).toContain("line 2");
    expect((await s.metrics(id, ["train/loss"]))["train/loss"]).toHaveLength(1);
    const kinds = (await s.events(id)).map((e) => e.kind);
    expectEventOrder(kinds, [["queued", "submitted", "pending", "running", "exited", "succeeded"], ["submitted", "started", "exited"]], [
      "submitted", "pending", "running", "started", "exited", "succeeded",
    ]);
    expect(kinds.filter((k) => k === "succeeded")).toHaveLength(1);
    expect((await s.job(id)).nodes).toBe("127.0.0.1");
    // Every request carried the pool's headers; GET /api/jobs/{id} polled the job.
    expect(ray.requests).toContain(`GET /api/jobs/${id}`);
    expect(new Set(ray.authorizations)).toEqual(new Set(["Bearer ray-token"]));
  }, 90_000);

  it("maps FAILED to a failed run with the exit code and the stderr tail", async () => {
    const id = await s.launch("cpu", { code: 3, lines: 1 });
    const run = await s.waitForStatus(id, ["succeeded", "failed", "canceled", "lost"], 60_000);
    expect(run).toMatchObject({ status: "failed", exitCode: 3 });
    expect(run.error).toContain("boom: the trainer failed on purpose");
    expect((await s.job(id)).schedulerState).toBe("FAILED");
  }, 90_000);

  it("stops a job with POST /api/jobs/{id}/stop: STOPPED becomes canceled", async () => {
    const id = await s.launch("cpu", { lines: 300, ms: 100 });
    await waitFor("output", async () => (await s.streamText(id, "stdout")).includes("line 2"), 60_000);
    await s.api(`/runs/${id}/cancel`, {});
    const run = await s.waitForStatus(id, ["canceled", "failed", "succeeded", "lost"], 30_000);
    expect(run.status).toBe("canceled");
    expect(ray.requests).toContain(`POST /api/jobs/${id}/stop`);
    expect((await s.job(id)).schedulerState).toBe("STOPPED");
  }, 90_000);

  it("keeps a job Ray cannot place pending with Ray's message, and stops it while pending", async () => {
    const id = await s.launch("huge");
    await waitFor("pending", async () => (await s.job(id)).schedulerState === "PENDING", 30_000);
    await sleep(2000);
    expect((await s.run(id)).status).toBe("queued");
    await s.api(`/runs/${id}/cancel`, {});
    expect((await s.waitForStatus(id, ["canceled", "failed", "succeeded", "lost"], 30_000)).status).toBe("canceled");
  }, 60_000);

  it("reconciles after a restart: a job that ran while the server was down ends once with all its logs, submitted once", async () => {
    const id = await s.launch("cpu", { lines: 30, ms: 100 });
    await waitFor("output", async () => (await s.streamText(id, "stdout")).includes("line 2"), 60_000);
    await s.stop();
    await sleep(2000);
    await s.start();
    const run = await s.waitForStatus(id, ["succeeded", "failed", "canceled", "lost"], 60_000);
    expect(run.status).toBe("succeeded");
    const lines = (await s.streamText(id, "stdout")).split("\n").filter((l) => l.startsWith("line "));
    expect(lines).toEqual(Array.from({ length: 30 }, (_, i) => `line ${i}`));
    expect(ray.requests.filter((r) => r === "POST /api/jobs/")).toHaveLength(ray.submissions.length);
    expect(ray.submissions.filter((b) => b.submission_id === id)).toHaveLength(1);
  }, 90_000);

  it("adopts a job Ray already has when a submission was interrupted (Ray refuses the repeated submission_id)", async () => {
    const id = await s.launch("huge");
    await waitFor("submitted", async () => (await s.job(id)).state === "submitted", 30_000);
    await s.stop();
    const db = new Database(path.join(s.dataDir, "skillboard.db"));
    db.prepare("UPDATE jobs SET state = 'submitting', scheduler_id = NULL WHERE run_pk = (SELECT pk FROM runs WHERE id = ?)").run(id);
    db.close();
    await s.start();
    await waitFor("adopted", async () => (await s.job(id)).state === "submitted", 30_000);
    expect(ray.submissions.filter((b) => b.submission_id === id)).toHaveLength(1);
    expect((await s.events(id)).some((e) => /not submitted again/.test(e.message))).toBe(true);
    await s.api(`/runs/${id}/cancel`, {});
    expect((await s.waitForStatus(id, ["canceled"], 30_000)).status).toBe("canceled");
  }, 60_000);

  it("marks a run lost when Ray no longer knows its job, and declares nothing lost while Ray does not answer", async () => {
    const id = await s.launch("huge");
    await waitFor("submitted", async () => (await s.job(id)).schedulerState === "PENDING", 30_000);
    await ray.stop();
    await sleep(1500);
    expect((await s.run(id)).status).toBe("queued");
    await ray.start();
    ray.forget(id);
    const run = await s.waitForStatus(id, ["lost", "failed", "succeeded", "canceled"], 30_000);
    expect(run.status).toBe("lost");
    expect(run.error).toMatch(/^lost: Ray no longer knows job '\S+' \(the Jobs API answers 404\)/);
  }, 60_000);
});

describe("the Ray executor", () => {
  it("reads logs with GET /api/jobs/{id}/logs and maps every JobStatus", async () => {
    const cluster = await new FakeRayCluster({ pendingMs: 0 }).start();
    try {
      const ex = new RayExecutor(
        { type: "ray", address: cluster.url, headers: {}, runtimeEnv: {}, env: {}, submitConcurrency: 1 },
        { workDir: "/tmp", repoDir: "/tmp", skillboard: ["/bin/echo"] },
      );
      const sub = await ex.submit({
        runId: "rayexec1",
        runName: "x",
        pool: "ray",
        argv: ["hello", "world"],
        env: {},
        cwd: null,
        resources: { gpus: 0 },
        attempt: 1,
        serverRunDir: path.join(s.dataDir, "ray-exec-test"),
        serverUrl: "http://x",
        apiKey: "k",
        maybeSubmitted: false,
      });
      expect(sub.schedulerId).toBe("rayexec1");
      await waitFor("the job to end", async () => (await ex.poll(["rayexec1"])).get("rayexec1")?.phase === "succeeded", 30_000);
      expect(await ex.logs("rayexec1")).toContain("exec --run rayexec1 --run-dir /tmp/rayexec1 --cwd /tmp/rayexec1 -- hello world");
      expect((await ex.poll(["nope"])).size).toBe(0);
      expect((await ex.describe()).summary).toMatch(/^Ray 2\.40\.0/);
    } finally {
      await cluster.destroy();
    }
    expect(rayStatus({ status: "PENDING", message: "waiting" })).toMatchObject({ phase: "queued", reason: "waiting" });
    expect(rayStatus({ status: "RUNNING", driver_info: { node_ip_address: "10.0.0.5" } })).toMatchObject({ phase: "running", nodes: "10.0.0.5" });
    expect(rayStatus({ status: "STOPPED" }).phase).toBe("canceled");
    expect(rayStatus({ status: "SUCCEEDED", driver_exit_code: 0 })).toMatchObject({ phase: "succeeded", exitCode: 0 });
    expect(rayStatus({ status: "FAILED", driver_exit_code: 3, message: "Job entrypoint command failed with exit code 3" })).toMatchObject({ phase: "failed", exitCode: 3 });
  });
});
