import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir, waitFor, writeScript, type RecipeSpec } from "@/workers/agent/testing/harness";
import { RayExecutor, rayStatus } from "./ray";
import { rayHttpRequest } from "./ray-http";
import { ensureRayCluster, expectEventOrder, PoolTestServer, rayCluster, type RayTestCluster } from "./testing/cluster-harness";
import { holdFile, jobPath, writeTrainer } from "./testing/trainers";

/**
 * The Ray pool against a live one-node Ray head (scripts/ray-cluster.sh: the pinned
 * ray[default] of the test venv, token authentication on), through its Jobs REST API
 * and the in-job wrapper. Ray's own records are read back with the same API.
 */

const trainer = writeTrainer();
const params = {
  code: { type: "int", default: 0 },
  lines: { type: "int", default: 3 },
  ms: { type: "int", default: 100 },
  value: { type: "string", default: "--x; rm -rf /" },
  hold: { type: "string", default: "" },
};
const recipe = (name: string, resources: Record<string, unknown>, extra: Partial<RecipeSpec> = {}): RecipeSpec =>
  ({ name, argv: ["node", trainer, "{{code}}", "{{lines}}", "{{ms}}", "{{value}}", "{{hold}}"], params, resources, pool: "ray", ...extra }) as RecipeSpec;

/** A directory the `wd` pool ships as its working_dir: a script and a file it reads, by relative paths. */
const workingDir = tempDir("ray-wd");
fs.writeFileSync(path.join(workingDir, "marker.txt"), "shipped with the working_dir\n");
writeScript(
  workingDir,
  "show.js",
  `console.log(JSON.stringify({ marker: require("fs").readFileSync("marker.txt", "utf8").trim(), fromPool: process.env.FROM_POOL_RUNTIME_ENV, argv: process.argv.slice(2) }));\n`,
);

let ray: RayTestCluster;
let s: PoolTestServer;

/**
 * GET on the head's API as a script or the `ray` CLI calls it: not as a browser, to which Ray's
 * dashboard shows env_vars as `<redacted>` (and refuses POSTs).
 */
async function rayGet(pathname: string): Promise<any> {
  const res = await rayHttpRequest(`${ray.address}${pathname}`, { method: "GET", headers: { authorization: `Bearer ${ray.token}` }, timeoutMs: 30_000 });
  return res.status === 404 ? null : JSON.parse(res.text);
}

/** Ray's own record of a job (GET /api/jobs/{id}). */
const rayJob = (id: string): Promise<any> => rayGet(`/api/jobs/${encodeURIComponent(id)}`);

/** Ray's jobs of a run (every attempt), by the metadata Skillboard sets. */
async function rayJobsOfRun(id: string): Promise<any[]> {
  return ((await rayGet("/api/jobs/")) as any[]).filter((j) => j.metadata?.skillboard_run === id);
}

const FINAL = ["succeeded", "failed", "canceled", "lost"];

beforeAll(async () => {
  ray = await ensureRayCluster();
  const common = { address: ray.address, pollInterval: 0.5, headers: { Authorization: "Bearer ${SKILLBOARD_TEST_RAY_TOKEN}" }, lostAfter: 5 };
  s = new PoolTestServer(
    [
      recipe("cpus2", { gpus: 0, cpus: 2, memory: "256M" }),
      recipe("cpu", { gpus: 0 }),
      recipe("cpu-retry", { gpus: 0 }, { retry: { maxAttempts: 2 } }),
      recipe("gpu", { gpus: 1 }),
      { name: "wd", argv: ["node", "show.js", "{{value}}"], params: { value: params.value }, resources: { gpus: 0 }, pool: "wd" } as RecipeSpec,
    ],
    {
      ray: { type: "ray", ...common, env: { PATH: jobPath(), SKILLBOARD_SYSTEM_METRICS_MS: "500" } },
      wd: { type: "ray", ...common, runtimeEnv: { working_dir: workingDir, env_vars: { FROM_POOL_RUNTIME_ENV: "from the pool's runtimeEnv" } }, env: { PATH: jobPath() } },
      // Only for jobs Ray never places (a GPU on a head without one): Ray would install it otherwise.
      pip: { type: "ray", ...common, runtimeEnv: { pip: ["skillboard-test-never-installed==0.0.1"] }, env: { PATH: jobPath() } },
      // A package the head's GCS does not have: Ray cannot set the job's runtime_env up.
      "broken-env": { type: "ray", ...common, runtimeEnv: { working_dir: "gcs://_ray_pkg_00000000000000000000000000000000.zip" }, env: { PATH: jobPath() } },
      "ray-bad-token": { type: "ray", address: ray.address, pollInterval: 0.5, headers: { Authorization: "Bearer not-the-token" }, env: { PATH: jobPath() } },
    },
  );
  await s.start();
}, 900_000);
afterAll(async () => {
  // A failed test may leave a held job behind: stop what this server's runs still have on the (shared) head.
  if (ray && s) {
    const jobs = ((await rayGet("/api/jobs/").catch(() => [])) ?? []) as any[];
    for (const j of jobs.filter((j) => j.runtime_env?.env_vars?.SKILLBOARD_URL === s.url && ["PENDING", "RUNNING"].includes(j.status))) {
      await rayStop(j.submission_id);
    }
  }
  await s?.stop();
});

/** Ray's log of a job (GET /api/jobs/{id}/logs). */
async function rayLogs(id: string): Promise<string> {
  return ((await rayGet(`/api/jobs/${encodeURIComponent(id)}/logs`)) as { logs: string } | null)?.logs ?? "";
}

/** POST /api/jobs/{id}/stop as the `ray` CLI sends it (Ray refuses a POST that looks like a browser's, as fetch's does). */
async function rayStop(id: string): Promise<void> {
  await rayHttpRequest(`${ray.address}/api/jobs/${encodeURIComponent(id)}/stop`, { method: "POST", headers: { authorization: `Bearer ${ray.token}` }, timeoutMs: 30_000 });
}

describe("a recipe on a Ray pool (a live Ray head)", () => {
  it("is PENDING while Ray has no CPUs for it, then RUNNING with its logs streamed, and SUCCEEDED with the argv and environment it was given", async () => {
    // The first job takes both of the head's CPUs until released, so the second waits in Ray for them.
    const holding = holdFile();
    const holder = await s.launch("cpus2", { lines: 1, hold: holding.path });
    await s.waitForStatus(holder, ["running"], 300_000);
    const held = holdFile();
    const id = await s.launch("cpus2", { lines: 3, hold: held.path });
    const pending = await waitFor("Ray's pending message on the run", async () => {
      const j = await s.job(id);
      return j.schedulerState === "PENDING" && /waiting for resources/.test(j.reason ?? "") ? j : null;
    }, 120_000);
    expect(pending).toMatchObject({ poolType: "ray", schedulerId: id });
    expect((await s.run(id)).status).toBe("queued");

    // What Ray itself holds for the job.
    const record = await rayJob(id);
    expect(record).toMatchObject({ submission_id: id, metadata: { skillboard_run: id, skillboard_pool: "ray", skillboard_attempt: "1" } });
    expect(pending.script).toContain('"entrypoint_num_cpus": 2');
    expect(pending.script).toContain(`"entrypoint_memory": ${256 * 2 ** 20}`);
    expect(record.entrypoint).toMatch(/ exec --run \S+ --run-dir .* -- node \S+ 0 3 100 '--x; rm -rf \/' \S+$/);
    const envVars = record.runtime_env.env_vars as Record<string, string>;
    expect(envVars).toMatchObject({ SKILLBOARD_URL: s.url, SKILLBOARD_SCHEDULER_JOB_ID: id });
    // Anyone who reaches the dashboard reads this: a token for this run only, not a key.
    expect(envVars.SKILLBOARD_API_KEY).toMatch(/^sbj_/);
    expect(pending.script).not.toContain(envVars.SKILLBOARD_API_KEY);
    expect(pending.script).toContain("<hidden: the job token of this run>");

    holding.release();
    expect((await s.waitForStatus(holder, FINAL, 120_000)).status).toBe("succeeded");
    // The trainer holds itself in RUNNING until released: the poll that sees RUNNING records it.
    await waitFor("Ray's RUNNING state on the run", async () => (await s.job(id)).schedulerState === "RUNNING", 120_000);
    await waitFor("the running event", async () => (await s.events(id)).some((e) => e.kind === "running"), 30_000);
    expect((await s.run(id)).status).toBe("running");
    // Streamed while it runs: the trainer is still held after its first two lines.
    await waitFor("the first lines in the run's log", async () => (await s.streamText(id, "stdout")).match(/metric post: 20[01]/), 60_000);
    expect((await s.streamText(id, "stdout")).includes("line 0")).toBe(false);
    held.release();

    const run = await s.waitForStatus(id, FINAL, 120_000);
    expect(run).toMatchObject({ status: "succeeded", exitCode: 0 });
    const stdout = await s.streamText(id, "stdout");
    // `--x; rm -rf /` reached the trainer as one literal argument.
    expect(JSON.parse(stdout.split("\n")[0])).toMatchObject({ value: "--x; rm -rf /", managed: "1", run: id });
    expect(stdout).toContain("line 2");
    expect((await s.metrics(id, ["train/loss"]))["train/loss"]).toHaveLength(1);
    const kinds = (await s.events(id)).map((e) => e.kind);
    expectEventOrder(kinds, [["queued", "submitted", "pending", "running", "exited", "succeeded"], ["submitted", "started", "exited"]], [
      "submitted", "pending", "running", "started", "exited", "succeeded",
    ]);
    expect(kinds.filter((k) => k === "succeeded")).toHaveLength(1);
    expect((await s.job(id)).nodes).toMatch(/^\d+\.\d+\.\d+\.\d+$/); // Ray's node id, named by its address
    expect((await rayJob(id)).status).toBe("SUCCEEDED");
  }, 600_000);

  it("maps FAILED to a failed run with the exit code, the stderr tail, and Ray's message on the job", async () => {
    const id = await s.launch("cpu", { code: 3, lines: 1 });
    const run = await s.waitForStatus(id, FINAL, 120_000);
    expect(run).toMatchObject({ status: "failed", exitCode: 3 });
    expect(run.error).toContain("boom: the trainer failed on purpose");
    const job = await s.job(id);
    expect(job.schedulerState).toBe("FAILED");
    expect(job.reason).toMatch(/^Job entrypoint command failed with exit code 3/);
  }, 300_000);

  it("stops a running job through POST /api/jobs/{id}/stop: STOPPED becomes canceled", async () => {
    const hold = holdFile();
    const id = await s.launch("cpu", { hold: hold.path });
    await waitFor("output", async () => (await s.streamText(id, "stdout")).includes("metric post"), 120_000);
    await s.api(`/runs/${id}/cancel`, {});
    const run = await s.waitForStatus(id, FINAL, 120_000);
    expect(run.status).toBe("canceled");
    expect((await s.job(id)).schedulerState).toBe("STOPPED");
    expect((await rayJob(id)).status).toBe("STOPPED");
    expect((await s.events(id)).map((e) => e.kind)).toContain("cancel-sent");
  }, 300_000);

  it("keeps a job Ray cannot place pending with Ray's message, and cancels it while pending", async () => {
    const id = await s.launch("gpu"); // the head has no GPUs
    await waitFor("pending", async () => /waiting for resources/.test((await s.job(id)).reason ?? ""), 120_000);
    expect((await s.run(id)).status).toBe("queued");
    expect((await s.job(id)).script).toContain('"entrypoint_num_gpus": 1');
    await s.api(`/runs/${id}/cancel`, {});
    const run = await s.waitForStatus(id, FINAL, 60_000);
    expect(run.status).toBe("canceled");
    expect(run.error).toMatch(/canceled while pending/);
  }, 300_000);

  it("fails a job whose runtime_env Ray cannot set up, with Ray's message", async () => {
    const id = await s.launch("cpu", {}, { pool: "broken-env" });
    const run = await s.waitForStatus(id, FINAL, 300_000);
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(/^FAILED: runtime_env setup failed/);
    expect((await s.job(id)).reason).toMatch(/^runtime_env setup failed/);
    expect((await s.events(id)).map((e) => e.kind)).not.toContain("started"); // the wrapper never ran
  }, 360_000);

  it("ships the pool's working_dir (a local directory, uploaded as a package) and env_vars to the job, and passes pip to Ray", async () => {
    const id = await s.launch("wd", {}, { pool: "wd" });
    const run = await s.waitForStatus(id, FINAL, 300_000);
    expect(run.status).toBe("succeeded");
    const shown = JSON.parse((await s.streamText(id, "stdout")).split("\n")[0]);
    // show.js and marker.txt were found by relative paths: the trainer ran in the uploaded working_dir.
    expect(shown).toEqual({ marker: "shipped with the working_dir", fromPool: "from the pool's runtimeEnv", argv: ["--x; rm -rf /"] });
    const record = await rayJob(id);
    expect(record.runtime_env.working_dir).toMatch(/^gcs:\/\/_ray_pkg_[0-9a-f]+\.zip$/);
    expect((await s.job(id)).script).toContain(`working_dir ${workingDir} uploaded as ${record.runtime_env.working_dir}`);

    const pipRun = await s.launch("gpu", {}, { pool: "pip" });
    await waitFor("submitted", async () => (await s.job(pipRun)).schedulerState === "PENDING", 120_000);
    expect((await rayJob(pipRun)).runtime_env.pip).toEqual(["skillboard-test-never-installed==0.0.1"]);
    await s.api(`/runs/${pipRun}/cancel`, {});
    expect((await s.waitForStatus(pipRun, FINAL, 60_000)).status).toBe("canceled");
  }, 420_000);

  it("shows the Ray cluster's nodes and resources from Ray's own API on /hosts", async () => {
    const { status, body } = await s.api("/pools/ray/status");
    expect(status).toBe(200);
    expect(body.status).toMatchObject({ reachable: true });
    expect(body.status.summary).toMatch(/^Ray 2\.60\.0 \(Jobs API \d+\) at http:\/\/127\.0\.0\.1:\d+ · 1 node alive$/);
    expect(body.status.nodes).toEqual([expect.objectContaining({ state: "ALIVE", gpus: "0", gpusUsed: "0", name: expect.stringMatching(/ \(head\)$/) })]);
    expect(body.status.nodes[0].cpus).toMatch(/^\d+(\.\d+)?\/2$/);
    expect(body.status.resources).toMatchObject({ CPU: expect.stringMatching(/\/2$/), object_store_memory: expect.stringMatching(/\/0\.19 GiB$/) });
    // Without the head's token, Ray refuses: the pool says so and the run waits with the reason.
    const bad = await s.api("/pools/ray-bad-token/status");
    expect(bad.body.status).toMatchObject({ reachable: false, error: expect.stringMatching(/HTTP 403/) });
    const id = await s.launch("cpu", {}, { pool: "ray-bad-token" });
    const job = await waitFor("the refusal on the job", async () => {
      const j = await s.job(id);
      return /refused the pool's credentials/.test(j.reason ?? "") ? j : null;
    }, 60_000);
    expect(job.state).toBe("queued");
    expect((await s.run(id)).status).toBe("queued");
    await s.api(`/runs/${id}/cancel`, {});
    expect((await s.waitForStatus(id, FINAL, 60_000)).status).toBe("canceled");
  }, 300_000);
});

describe("the Ray pool across a Skillboard restart (a live Ray head)", () => {
  it("reconciles: a job that ran while the server was down ends once with all its logs, and Ray has it once", async () => {
    const id = await s.launch("cpu", { lines: 30, ms: 100 });
    await waitFor("output", async () => (await s.streamText(id, "stdout")).includes("metric post"), 120_000);
    await s.stop();
    try {
      // The trainer runs on while the server is down: Ray's log of the job (the wrapper copies the output there) has it all.
      await waitFor("the trainer's last line in Ray's log of the job", async () => (await rayLogs(id)).includes("line 29"), 120_000);
    } finally {
      await s.start();
    }
    const run = await s.waitForStatus(id, FINAL, 120_000);
    expect(run.status).toBe("succeeded");
    const lines = (await s.streamText(id, "stdout")).split("\n").filter((l) => l.startsWith("line "));
    expect(lines).toEqual(Array.from({ length: 30 }, (_, i) => `line ${i}`));
    expect((await s.events(id)).filter((e) => e.kind === "succeeded")).toHaveLength(1);
    expect((await rayJobsOfRun(id)).map((j) => j.submission_id)).toEqual([id]);
  }, 300_000);

  it("adopts the job Ray already has when a submission was interrupted (Ray refuses the repeated submission_id)", async () => {
    const id = await s.launch("gpu");
    await waitFor("submitted", async () => (await s.job(id)).state === "submitted", 120_000);
    await s.stop();
    try {
      const db = new Database(path.join(s.dataDir, "skillboard.db"));
      db.prepare("UPDATE jobs SET state = 'submitting', scheduler_id = NULL WHERE run_pk = (SELECT pk FROM runs WHERE id = ?)").run(id);
      db.close();
    } finally {
      await s.start();
    }
    await waitFor("adopted", async () => (await s.job(id)).state === "submitted", 120_000);
    expect((await s.events(id)).some((e) => /not submitted again/.test(e.message))).toBe(true);
    expect((await rayJobsOfRun(id)).map((j) => j.submission_id)).toEqual([id]);
    await s.api(`/runs/${id}/cancel`, {});
    expect((await s.waitForStatus(id, FINAL, 60_000)).status).toBe("canceled");
  }, 300_000);

  it("marks a run lost when Ray does not know its job", async () => {
    const id = await s.launch("gpu");
    await waitFor("submitted", async () => (await s.job(id)).schedulerState === "PENDING", 120_000);
    await s.stop();
    try {
      // As after a head restart without GCS fault tolerance: the job id the run holds is one Ray never had.
      const db = new Database(path.join(s.dataDir, "skillboard.db"));
      db.prepare("UPDATE jobs SET scheduler_id = ? WHERE run_pk = (SELECT pk FROM runs WHERE id = ?)").run(`forgotten-${id}`, id);
      db.close();
      await rayStop(id);
    } finally {
      await s.start();
    }
    const run = await s.waitForStatus(id, FINAL, 60_000);
    expect(run.status).toBe("lost");
    expect(run.error).toMatch(/^lost: Ray no longer knows job 'forgotten-\S+' \(the Jobs API answers 404\)/);
  }, 300_000);
});

describe("the job token a Ray job gets", () => {
  it("writes to its own run only (Ray's Jobs API shows env_vars to any client that is not a browser)", async () => {
    const id = await s.launch("cpu", { lines: 1 });
    expect((await s.waitForStatus(id, FINAL, 120_000)).status).toBe("succeeded");
    const other = await s.launch("cpu", { lines: 1 });
    const token = (await rayJob(id)).runtime_env.env_vars.SKILLBOARD_API_KEY as string;
    const call = async (method: string, pathname: string, body?: unknown) => {
      const res = await fetch(`${s.url}${pathname}`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json().catch(() => null)) as any };
    };
    const points = { batchId: "token-test", points: [{ key: "train/token", step: 1, value: 1 }] };
    expect((await call("POST", `/api/v1/runs/${id}/metrics`, points)).status).toBe(201);
    expect((await call("GET", `/api/v1/runs/${id}`)).status).toBe(200);
    const refused = await call("POST", `/api/v1/runs/${other}/metrics`, points);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/writes only to its own run/);
    expect((await call("GET", "/api/v1/runs")).status).toBe(403);
    expect((await call("POST", "/api/v1/launches", { recipe: "cpu" })).status).toBe(403);
    expect((await call("GET", `/api/2.0/mlflow/runs/get?run_id=${id}`)).status).toBe(401); // other doors do not take it
    const forged = `${token.slice(0, -4)}AAAA`;
    const res = await fetch(`${s.url}/api/v1/runs/${id}`, { headers: { authorization: `Bearer ${forged}` } });
    expect(res.status).toBe(401);
    await s.api(`/runs/${other}/cancel`, {});
  }, 300_000);
});

describe("the Ray executor", () => {
  it("submits, polls, reads logs with GET /api/jobs/{id}/logs and describes the cluster", async () => {
    const ex = new RayExecutor(
      { type: "ray", address: ray.address, headers: { Authorization: `Bearer ${ray.token}` }, runtimeEnv: {}, env: {}, submitConcurrency: 1 },
      { workDir: "/tmp", repoDir: "/tmp", skillboard: ["/bin/echo"] },
    );
    const runId = `rayexec${Date.now().toString(36)}`;
    const sub = await ex.submit({
      runId,
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
    expect(sub.schedulerId).toBe(runId);
    await waitFor("the job to end", async () => (await ex.poll([runId])).get(runId)?.phase === "succeeded", 120_000);
    expect(await ex.logs(runId)).toContain(`exec --run ${runId} --run-dir /tmp/${runId} --cwd /tmp/${runId} -- hello world`);
    expect((await ex.poll(["no-such-job"])).size).toBe(0);
    expect((await ex.describe()).summary).toMatch(/^Ray 2\.60\.0/);
    expect(rayStatus({ status: "PENDING", message: "waiting" })).toMatchObject({ phase: "queued", reason: "waiting" });
    expect(rayStatus({ status: "RUNNING", driver_info: { node_ip_address: "10.0.0.5" } })).toMatchObject({ phase: "running", nodes: "10.0.0.5" });
    expect(rayStatus({ status: "STOPPED" }).phase).toBe("canceled");
    expect(rayStatus({ status: "SUCCEEDED", driver_exit_code: 0 })).toMatchObject({ phase: "succeeded", exitCode: 0 });
    expect(rayStatus({ status: "FAILED", driver_exit_code: 3, message: "Job entrypoint command failed with exit code 3" })).toMatchObject({ phase: "failed", exitCode: 3 });
  }, 300_000);
});

// Last: it stops the head and starts it again.
describe("faults: the Ray head goes down (scripts/ray-cluster.sh stop)", () => {
  it("a running job's run becomes lost (or is submitted again under retry.maxAttempts); a run launched meanwhile waits queued with the reason and is submitted once the head is back", async () => {
    const holdLost = holdFile();
    const holdRetried = holdFile();
    const lost = await s.launch("cpu", { hold: holdLost.path });
    const retried = await s.launch("cpu-retry", { lines: 2, hold: holdRetried.path });
    for (const id of [lost, retried]) await waitFor(`${id} running`, async () => (await s.job(id)).schedulerState === "RUNNING", 180_000);

    await rayCluster("stop");
    const waiting = await s.launch("cpu", { lines: 2 });
    const queued = await waitFor("the reason on the queued run", async () => {
      const j = await s.job(waiting);
      return /^not submitted yet: cannot submit to Ray at \S+: cannot connect \(ECONNREFUSED\)/.test(j.reason ?? "") ? j : null;
    }, 60_000);
    expect(queued.state).toBe("queued");
    expect((await s.run(waiting)).status).toBe("queued");

    // The pools say lostAfter: 5 (seconds without an answer from the head).
    const run = await s.waitForStatus(lost, FINAL, 120_000);
    expect(run.status).toBe("lost");
    expect(run.error).toMatch(/^lost: Ray has not answered for \d+ s/);
    expect((await s.events(lost)).map((e) => e.kind)).toContain("scheduler-unreachable");
    await waitFor("the retried run queued again", async () => (await s.job(retried)).state === "queued", 120_000);
    expect((await s.events(retried)).some((e) => e.kind === "requeued" && /attempt 1 of 2 used/.test(e.message))).toBe(true);

    await rayCluster("start");
    holdRetried.release();
    expect((await s.waitForStatus(waiting, FINAL, 300_000)).status).toBe("succeeded");
    const again = await s.waitForStatus(retried, FINAL, 300_000);
    expect(again.status).toBe("succeeded");
    expect((await s.job(retried)).schedulerId).toBe(`${retried}.2`);
    expect((await rayJobsOfRun(waiting)).map((j) => j.submission_id)).toEqual([waiting]);
    expect((await s.run(lost)).status).toBe("lost");
  }, 900_000);
});
