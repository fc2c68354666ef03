import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor, type RecipeSpec } from "@/workers/agent/testing/harness";
import { countingPrefix, ensureSlurmCluster, PoolTestServer, skipSlurm } from "./testing/cluster-harness";

/** 200 runs pending in Slurm (partition `parked` is down): one squeue per poll interval reads them all. */

const RUNS = 200;
const POLL_S = 0.5;
const counter = countingPrefix();
let s: PoolTestServer;

beforeAll(async () => {
  if (skipSlurm) return;
  ensureSlurmCluster();
  const parked = { name: "parked", argv: ["true"], params: { seed: { type: "int", default: 0 } }, resources: { gpus: 0 }, pool: "parked" } as RecipeSpec;
  s = new PoolTestServer([parked], {
    parked: { type: "slurm", partition: "parked", pollInterval: POLL_S, submitConcurrency: 8, commandPrefix: counter.prefix },
  });
  await s.start();
}, 300_000);
afterAll(async () => {
  await s?.stop();
});

describe.skipIf(skipSlurm)("polling many runs", () => {
  it("reads the state of 200 queued runs with one squeue call per poll interval", async () => {
    const launched = await s.api("/launches", { recipe: "parked", seeds: 100, name: "a" });
    const launched2 = await s.api("/launches", { recipe: "parked", seeds: 100, name: "b" });
    const ids: string[] = [...launched.body.runs, ...launched2.body.runs].map((r: { id: string }) => r.id);
    expect(ids).toHaveLength(RUNS);
    await waitFor("200 submissions", () => counter.calls("sbatch").length === RUNS, 120_000, 200);
    // A poll that started after the last submission lists every job, each pending for the partition being down.
    const lastSubmit = Math.max(...counter.calls("sbatch").map((c) => c.at));
    await waitFor("a poll of all 200 jobs", () => counter.calls("squeue").some((c) => c.at > lastSubmit + 100), 30_000, 100);
    await waitFor("the pending reason on the runs", async () => {
      const sample = await Promise.all([ids[0], ids[99], ids[199]].map((id) => s.job(id)));
      return sample.every((j) => j.schedulerState === "PENDING" && j.reason === "PartitionDown");
    }, 30_000, 200);
    expect(counter.calls("sbatch")).toHaveLength(RUNS);

    // Ten more polls: each reads all 200 jobs in one squeue call, and they never come faster than the
    // poll interval (a loaded machine may make them slower, which is allowed).
    const from = Date.now();
    await waitFor("ten polls", () => counter.calls("squeue").filter((c) => c.at >= from).length >= 10, 120_000, 100);
    const polls = counter.calls("squeue").filter((c) => c.at >= from).slice(0, 10);
    const to = polls.at(-1)!.at;
    // Ten polls span at least nine intervals, less one for the jitter of starting squeue.
    expect(to - polls[0].at).toBeGreaterThanOrEqual((polls.length - 2) * POLL_S * 1000);
    for (const call of polls) {
      const jobs = call.argv.find((a) => a.startsWith("--jobs="))!.slice("--jobs=".length).split(",");
      expect(jobs).toHaveLength(RUNS);
    }
    // Pending jobs need nothing else: no scontrol or sacct per job.
    expect(counter.calls("scontrol").filter((c) => c.at >= from && c.at <= to)).toHaveLength(0);
    const run = await s.run(ids[0]);
    expect(run.status).toBe("queued");
    expect((await s.events(ids[0])).map((e) => e.message)).toContain("pending in Slurm: PartitionDown");

    for (let i = 0; i < RUNS; i += 20) await Promise.all(ids.slice(i, i + 20).map((id) => s.api(`/runs/${id}/cancel`, {})));
    await waitFor("all 200 runs canceled", async () => (await s.api(`/runs?status=canceled&limit=1000`)).body.runs.length === RUNS, 120_000, 500);
    expect(counter.calls("scancel")).toHaveLength(RUNS);
  }, 300_000);
});
