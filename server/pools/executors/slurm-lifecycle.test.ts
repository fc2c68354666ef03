import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor, type RecipeSpec } from "@/workers/agent/testing/harness";
import { countingPrefix, ensureSlurmCluster, expectEventOrder, PoolTestServer, skipSlurm } from "./testing/cluster-harness";
import { holdFile, jobPath, writeTrainer } from "./testing/trainers";

/** Runs on the real one-node Slurm cluster of scripts/slurm-cluster.sh, through sbatch, squeue, scontrol, scancel and the in-job wrapper. */

const trainer = writeTrainer();
const params = {
  code: { type: "int", default: 0 },
  lines: { type: "int", default: 3 },
  ms: { type: "int", default: 100 },
  value: { type: "string", default: "--x; rm -rf /" },
  hold: { type: "string", default: "" },
  other: { type: "string", default: "" },
};
const recipe = (name: string, gpus: number): RecipeSpec =>
  ({ name, argv: ["node", trainer, "{{code}}", "{{lines}}", "{{ms}}", "{{value}}", "{{hold}}", "{{other}}"], params, resources: { gpus }, pool: "slurm" }) as RecipeSpec;

const counter = countingPrefix();
let s: PoolTestServer;

beforeAll(async () => {
  if (skipSlurm) return;
  ensureSlurmCluster();
  s = new PoolTestServer([recipe("cpu", 0), recipe("gpu4", 4), recipe("gpu8", 8), recipe("gpu16", 16)], {
    slurm: {
      type: "slurm",
      partition: "debug",
      timeLimit: "10",
      pollInterval: 0.5,
      commandPrefix: counter.prefix,
      env: { SKILLBOARD_SYSTEM_METRICS_MS: "500", PATH: jobPath() },
    },
  });
  await s.start();
}, 300_000);
afterAll(async () => {
  await s?.stop();
});

describe.skipIf(skipSlurm)("a recipe on a Slurm pool", () => {
  it("is queued with Slurm's pending reason, then runs and succeeds with its logs and metrics from the in-job wrapper", async () => {
    // The first run holds all four GPUs until released, so the second waits in Slurm for them.
    const holding = holdFile();
    const holder = await s.launch("gpu4", { lines: 3, hold: holding.path });
    await s.waitForStatus(holder, ["running"], 60_000);
    const held = holdFile();
    const id = await s.launch("gpu4", { lines: 3, hold: held.path, other: holder });
    const pending = await waitFor("a pending reason on the run", async () => {
      const job = await s.job(id);
      return job.state === "submitted" && job.schedulerState === "PENDING" && job.reason ? job : null;
    }, 60_000);
    expect(pending.reason).toMatch(/Resources|Priority/);
    expect((await s.run(id)).status).toBe("queued");
    expect(pending.script).toContain("#SBATCH --gpus=4");
    expect(pending.script).toContain("#SBATCH --partition=debug");
    // The job's token (for this run only) is in what sbatch read, not in the copy kept and shown.
    expect(pending.script).toContain("export SKILLBOARD_API_KEY='<hidden: the job token of this run>'");
    expect(pending.script).not.toContain("sbj_");
    await waitFor("the holder's system metrics", async () => {
      const m = await s.metrics(holder, ["system/cpu_util", "system/gpu1/mem_used"]);
      return m["system/cpu_util"]?.length > 0 && m["system/gpu1/mem_used"]?.length > 0;
    }, 60_000);
    holding.release();

    // The second run holds itself in RUNNING until the test has seen Slurm report it.
    await waitFor("Slurm's RUNNING state on the run", async () => (await s.job(id)).schedulerState === "RUNNING", 90_000);
    await waitFor("the running event", async () => (await s.events(id)).some((e) => e.kind === "running"), 30_000);
    held.release();

    const run = await s.waitForStatus(id, ["succeeded", "failed", "lost", "canceled"], 90_000);
    expect(run).toMatchObject({ status: "succeeded", exitCode: 0, error: null });
    const events = await s.events(id);
    const kinds = events.map((e) => e.kind);
    expectEventOrder(kinds, [["queued", "submitted", "pending", "running", "exited", "succeeded"], ["submitted", "started", "exited"]], [
      "queued", "submitted", "pending", "running", "started", "exited", "succeeded",
    ]);
    expect(events.find((e) => e.kind === "pending")!.message).toMatch(/pending in Slurm: (Resources|Priority)/);
    expect(events.find((e) => e.kind === "running")!.message).toMatch(/running on sbnode1 \(Slurm job \d+\)/);
    expect(kinds.filter((k) => k === "succeeded")).toHaveLength(1);
    expect(kinds.filter((k) => k === "running")).toHaveLength(1);

    const job = await s.job(id);
    expect(job).toMatchObject({ poolType: "slurm", state: "done", schedulerState: "COMPLETED", nodes: "sbnode1" });
    expect(job.schedulerId).toMatch(/^\d+$/);

    // The argument stayed one literal argument through sbatch, bash and the wrapper; Slurm's GPUs reached the process.
    const stdout = await s.streamText(id, "stdout");
    const first = JSON.parse(stdout.split("\n")[0]);
    expect(first).toEqual({ value: "--x; rm -rf /", managed: "1", cuda: "0,1,2,3", run: id });
    expect(stdout).toContain("metric post: 201");
    // Its token writes to its own run only: the holder's run refused it, and the in-job wrapper's reports (started, exited) went through with it.
    expect(stdout).toContain("key kind: sbj_; other run post: 403");
    expect(stdout).toMatch(/line 0\nline 1\nline 2\n/);
    const metrics = await s.metrics(id, ["train/loss", "system/cpu_util", "system/mem_used_mib"]);
    expect(metrics["train/loss"]).toEqual([expect.objectContaining({ step: 1, value: 0.5 })]);
    const holderMetrics = await s.metrics(holder, ["system/cpu_util", "system/gpu0/util", "system/gpu1/mem_used"]);
    expect(holderMetrics["system/cpu_util"].length).toBeGreaterThan(0);
    expect((await s.metrics(holder, ["train/loss"]))["train/loss"]).toEqual([expect.objectContaining({ step: 1, value: 0.5 })]);
    expect(holderMetrics["system/gpu0/util"][0].value).toBe(37);
    expect(holderMetrics["system/gpu1/mem_used"][0].value).toBe(2048);
    expect((await s.waitForStatus(holder, ["succeeded"], 60_000)).status).toBe("succeeded");
  }, 180_000);

  it("fails with the exit code and the stderr tail when the script fails", async () => {
    const id = await s.launch("cpu", { code: 3, lines: 1 });
    const run = await s.waitForStatus(id, ["succeeded", "failed", "lost", "canceled"], 90_000);
    expect(run).toMatchObject({ status: "failed", exitCode: 3 });
    expect(run.error).toContain("boom: the trainer failed on purpose");
    expect((await s.job(id)).schedulerState).toBe("FAILED");
    const failed = (await s.events(id)).find((e) => e.kind === "failed")!;
    expect(failed.message).toMatch(/failed: FAILED \(Slurm job \d+, exit code 3/);
  }, 120_000);

  it("keeps a run that asks for more GPUs than the node has pending with Slurm's reason, and cancels it with scancel", async () => {
    const id = await s.launch("gpu8");
    const job = await waitFor("the pending reason", async () => {
      const j = await s.job(id);
      return j.schedulerState === "PENDING" && j.reason ? j : null;
    }, 30_000);
    expect(job.reason).toMatch(/ReqNodeNotAvail|Resources|Priority|Nodes required/);
    expect((await s.run(id)).status).toBe("queued");
    expect((await s.api(`/runs/${id}/cancel`, {})).body).toMatchObject({ id, status: "queued" });
    const run = await s.waitForStatus(id, ["canceled", "failed", "succeeded", "lost"], 30_000);
    expect(run.status).toBe("canceled");
    const scancels = counter.calls("scancel").filter((c) => c.argv[1] === job.schedulerId);
    expect(scancels).toHaveLength(1);
    const kinds = (await s.events(id)).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(["cancel-requested", "cancel-sent", "canceled"]));
  }, 60_000);

  it("cancels a running job: scancel stops the wrapper and the process, and the run ends canceled", async () => {
    const id = await s.launch("cpu", { lines: 300, ms: 100 });
    await waitFor("the in-job wrapper to start", async () => (await s.events(id)).some((e) => e.kind === "started"), 60_000);
    await waitFor("some output", async () => (await s.streamText(id, "stdout")).includes("line 2"), 30_000);
    await s.api(`/runs/${id}/cancel`, {});
    const run = await s.waitForStatus(id, ["canceled", "failed", "succeeded", "lost"], 60_000);
    expect(run.status).toBe("canceled");
    expect((await s.job(id)).schedulerState).toBe("CANCELLED");
    expect((await s.streamText(id, "stdout")).includes("line 299")).toBe(false);
  }, 120_000);

  it("submits each run once and names the pool, sbatch's refusal failing the run with its message", async () => {
    const bad = await s.api("/launches", { recipe: "cpu", pool: "a100" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/pool: 'a100' is not a declared pool \(slurm, local\)/);
    const refused = await s.launch("gpu16");
    const run = await s.waitForStatus(refused, ["failed", "succeeded", "lost", "canceled"], 30_000);
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(/^sbatch refused the job: .*Requested node configuration is not available/);
    const sbatches = counter.calls("sbatch").length;
    const runs = (await s.api("/runs?limit=100")).body.runs;
    expect(sbatches).toBe(runs.length);
  });
});
