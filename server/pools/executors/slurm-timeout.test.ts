import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RecipeSpec } from "@/workers/agent/testing/harness";
import { ensureSlurmCluster, PoolTestServer, skipSlurm } from "./testing/cluster-harness";
import { jobPath, writeTrainer } from "./testing/trainers";

/**
 * A run over its time limit on the real Slurm cluster. Slurm's shortest limit
 * is one minute and slurmctld checks limits about every 30 s: this file takes
 * 60–100 s, mostly waiting (Vitest runs it beside the other files).
 */

const trainer = writeTrainer();
let s: PoolTestServer;

beforeAll(async () => {
  if (skipSlurm) return;
  ensureSlurmCluster();
  const slow: RecipeSpec = {
    name: "slow",
    argv: ["node", trainer, "0", "100000", "1000", "x"],
    resources: { gpus: 0, timeLimit: "1" },
    pool: "slurm",
  } as RecipeSpec;
  s = new PoolTestServer([slow], { slurm: { type: "slurm", partition: "debug", timeLimit: "10", pollInterval: 1, env: { PATH: jobPath() } } });
  await s.start();
}, 300_000);
afterAll(async () => {
  await s?.stop();
});

describe.skipIf(skipSlurm)("a Slurm job over its time limit", () => {
  it("fails with TIMEOUT, Slurm's reason first in the error", async () => {
    const id = await s.launch("slow");
    const job = await s.job(id);
    expect(job.resources.timeLimit).toBe("1");
    const run = await s.waitForStatus(id, ["failed", "succeeded", "canceled", "lost"], 150_000);
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(/^TIMEOUT \(TimeLimit\): the job ran past its time limit/);
    const done = await s.job(id);
    expect(done).toMatchObject({ schedulerState: "TIMEOUT", reason: "TimeLimit" });
    expect(done.script).toContain("#SBATCH --time=1\n");
    const events = await s.events(id);
    expect(events.find((e) => e.kind === "failed")!.message).toMatch(/failed: TIMEOUT \(Slurm job \d+.*: the job ran past its time limit\)/);
    // The wrapper stopped the trainer on Slurm's SIGTERM and shipped its output first.
    expect(await s.streamText(id, "stdout")).toContain("line 1");
  }, 170_000);
});
