import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sleep, waitFor, type RecipeSpec } from "@/workers/agent/testing/harness";
import { countingPrefix, ensureSlurmCluster, PoolTestServer, skipSlurm } from "./testing/cluster-harness";
import { jobPath, writeTrainer } from "./testing/trainers";

/** Server restarts while Slurm holds the runs: the server reconciles with Slurm, submits nothing twice, and loses no output. */

const trainer = writeTrainer();
const counter = countingPrefix();
let s: PoolTestServer;

beforeAll(async () => {
  if (skipSlurm) return;
  ensureSlurmCluster();
  const job = (name: string, lines: number, ms: number): RecipeSpec =>
    ({ name, argv: ["node", trainer, "0", String(lines), String(ms), "x"], resources: { gpus: 0 }, pool: "slurm" }) as RecipeSpec;
  const parked = { name: "parked", argv: ["true"], resources: { gpus: 0 }, pool: "parked" } as RecipeSpec;
  const common = { type: "slurm", timeLimit: "10", pollInterval: 0.5, commandPrefix: counter.prefix, env: { PATH: jobPath() } };
  s = new PoolTestServer([job("chatty", 40, 150), parked], { slurm: { ...common, partition: "debug" }, parked: { ...common, partition: "parked" } });
  await s.start();
}, 300_000);
afterAll(async () => {
  await s?.stop();
});

describe.skipIf(skipSlurm)("a server restart while Slurm runs a job", () => {
  it("reconciles: the run ends succeeded once, with all its output, submitted once", async () => {
    const id = await s.launch("chatty");
    await waitFor("the in-job wrapper to start", async () => (await s.events(id)).some((e) => e.kind === "started"), 60_000);
    await waitFor("some output", async () => (await s.streamText(id, "stdout")).includes("line 3"), 30_000);
    await s.stop();
    await sleep(2500); // the trainer keeps printing; the wrapper keeps its output on disk and retries
    await s.start();
    const run = await s.waitForStatus(id, ["succeeded", "failed", "lost", "canceled"], 60_000);
    expect(run.status).toBe("succeeded");
    const stdout = await s.streamText(id, "stdout");
    const lines = stdout.split("\n").filter((l) => l.startsWith("line "));
    expect(lines).toEqual(Array.from({ length: 40 }, (_, i) => `line ${i}`));
    const events = await s.events(id);
    expect(events.filter((e) => e.kind === "succeeded")).toHaveLength(1);
    expect(events.filter((e) => e.kind === "submitted")).toHaveLength(1);
    expect(counter.calls("sbatch").filter((c) => c.at > 0)).toHaveLength(1);
  }, 150_000);

  it("adopts a job the previous server submitted but did not record, instead of submitting it again", async () => {
    const id = await s.launch("parked");
    const job = await waitFor("the submission", async () => {
      const j = await s.job(id);
      return j.state === "submitted" ? j : null;
    }, 30_000);
    const sbatches = counter.calls("sbatch").length;
    await s.stop();
    // As if the server had stopped between sbatch's answer and recording it.
    const db = new Database(path.join(s.dataDir, "skillboard.db"));
    db.prepare("UPDATE jobs SET state = 'submitting', scheduler_id = NULL WHERE run_pk = (SELECT pk FROM runs WHERE id = ?)").run(id);
    db.close();
    await s.start();
    const adopted = await waitFor("the job to be adopted", async () => {
      const j = await s.job(id);
      return j.state === "submitted" ? j : null;
    }, 30_000);
    expect(adopted.schedulerId).toBe(job.schedulerId);
    expect(counter.calls("sbatch")).toHaveLength(sbatches);
    expect((await s.events(id)).map((e) => e.message)).toContain(
      `found Slurm job ${job.schedulerId} from a submission the server did not finish recording; not submitted again`,
    );
    await s.api(`/runs/${id}/cancel`, {});
    expect((await s.waitForStatus(id, ["canceled"], 30_000)).status).toBe("canceled");
  }, 90_000);

  it("marks a run lost, with a clear message, when Slurm no longer knows its job", async () => {
    const id = await s.launch("parked");
    const real = await waitFor("the submission", async () => {
      const j = await s.job(id);
      return j.state === "submitted" ? j : null;
    }, 30_000);
    await s.stop();
    execFileSync("scancel", [real.schedulerId]);
    const db = new Database(path.join(s.dataDir, "skillboard.db"));
    db.prepare("UPDATE jobs SET scheduler_id = '999999' WHERE run_pk = (SELECT pk FROM runs WHERE id = ?)").run(id);
    db.close();
    await s.start();
    const run = await s.waitForStatus(id, ["lost", "failed", "succeeded", "canceled"], 30_000);
    expect(run.status).toBe("lost");
    expect(run.error).toMatch(/^lost: Slurm no longer knows job 999999 \(no record in squeue, scontrol show job or sacct\): it may have ended/);
  }, 60_000);
});
