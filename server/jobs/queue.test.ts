import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db";
import { launch } from "../launches/service";
import { loadRecipeFile } from "../recipes/load";
import type { Recipe } from "../recipes/schema";
import { getRun, listRuns } from "../runs/service";
import { appendLogBatch } from "../logs/service";
import { listRunEvents } from "./events";
import { leaseNextJob, sweepExpiredLeases } from "./queue";
import { finishLeasedJob, heartbeat, markJobStarted, registerWorker, releaseLease, requestCancel } from "./workers";

let db: Db;
let recipes: Map<string, Recipe>;
const LEASE = { leaseMs: 30_000 };

function recipe(name: string, body: string): Recipe {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "queue-recipes-"));
  fs.writeFileSync(path.join(dir, `${name}.yaml`), `name: ${name}\n${body}`);
  return loadRecipeFile(path.join(dir, `${name}.yaml`));
}

beforeEach(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "queue-"));
  db = openDatabase(path.join(dir, "q.db"));
  recipes = new Map(
    [
      recipe("cpu", `argv: [node, run.js, "{{msg}}", "--seed={{seed}}"]\nparams:\n  msg: {type: string, default: hi}\n  seed: {type: int, default: 0}\n  skills: {type: skills, default: {editing: 1, review: 1, localization: 2}}\nretry: {maxAttempts: 2}\n`),
      recipe("big", `argv: [python, train.py]\nresources: {gpus: 4}\n`),
      recipe("two", `argv: [python, train.py]\nresources: {gpus: 2}\n`),
    ].map((r) => [r.name, r]),
  );
  for (const id of ["w1", "w2"]) registerWorker(db, { id, host: `host-${id}`, pool: "local", labels: [], gpus: [], maxJobs: 4 });
});

describe("launch", () => {
  it("creates a queued run with its job and a rendered argv", () => {
    const { runs } = launch(db, recipes, { recipe: "cpu", params: { msg: "--x; rm -rf /" } });
    expect(runs).toHaveLength(1);
    expect(getRun(db, runs[0].id)).toMatchObject({ status: "queued", recipe: "cpu", pool: "local", config: { recipe: "cpu", msg: "--x; rm -rf /", seed: 0 } });
    const job = leaseNextJob(db, "w1", { pool: "local", freeGpus: 0 }, LEASE)!;
    expect(job.argv).toEqual(["node", "run.js", "--x; rm -rf /", "--seed=0"]);
  });

  it("expands an ablation set × seeds into one named group", () => {
    const r = launch(db, recipes, { recipe: "cpu", ablationSet: true, seeds: 2, name: "abl" });
    expect(r.group).toMatch(/^abl-/);
    expect(r.runs.map((x) => x.name)).toEqual([
      "joint-seed1", "joint-seed2",
      "only-editing-seed1", "only-editing-seed2",
      "only-review-seed1", "only-review-seed2",
      "only-localization-seed1", "only-localization-seed2",
    ]);
    const onlyReview = getRun(db, r.runs[4].id);
    expect(onlyReview.config).toMatchObject({ skills: { review: 1 }, seed: 1 });
    expect(onlyReview.group).toBe(r.group);
    expect(getRun(db, r.runs[0].id).config).toMatchObject({ skills: { editing: 1, review: 1, localization: 2 } });
  });

  it("writes nothing when a param is bad, and names the param", () => {
    expect(() => launch(db, recipes, { recipe: "cpu", params: { seed: "x" } })).toThrow(/params\.seed/);
    expect(() => launch(db, recipes, { recipe: "big", seeds: 2 })).toThrow(/seeds: recipe 'big' has no int 'seed'/);
    expect(() => launch(db, recipes, { recipe: "nope" })).toThrow(/Recipe 'nope' does not exist/);
    expect(listRuns(db)).toHaveLength(0);
  });
});

describe("leases", () => {
  it("gives the oldest fitting job to one worker only", () => {
    const a = launch(db, recipes, { recipe: "cpu" }).runs[0].id;
    const b = launch(db, recipes, { recipe: "cpu" }).runs[0].id;
    const first = leaseNextJob(db, "w1", { pool: "local", freeGpus: 0 }, LEASE)!;
    const second = leaseNextJob(db, "w2", { pool: "local", freeGpus: 0 }, LEASE)!;
    expect([first.runId, second.runId]).toEqual([a, b]);
    expect(leaseNextJob(db, "w1", { pool: "local", freeGpus: 0 }, LEASE)).toBeNull();
    expect(getRun(db, a)).toMatchObject({ status: "starting", workerId: "w1" });
  });

  it("leases only jobs whose GPU request fits the free GPUs", () => {
    const big = launch(db, recipes, { recipe: "big" }).runs[0].id;
    const two = launch(db, recipes, { recipe: "two" }).runs[0].id;
    expect(leaseNextJob(db, "w1", { pool: "local", freeGpus: 2 }, LEASE)!.runId).toBe(two);
    expect(leaseNextJob(db, "w1", { pool: "local", freeGpus: 2 }, LEASE)).toBeNull();
    expect(getRun(db, big).status).toBe("queued");
    expect(leaseNextJob(db, "w2", { pool: "local", freeGpus: 8 }, LEASE)!.runId).toBe(big);
    expect(leaseNextJob(db, "w2", { pool: "other", freeGpus: 8 }, LEASE)).toBeNull();
  });

  it("runs a job start to finish and keeps the timeline", () => {
    const id = launch(db, recipes, { recipe: "cpu" }).runs[0].id;
    const job = leaseNextJob(db, "w1", { pool: "local", freeGpus: 0 }, LEASE)!;
    markJobStarted(db, id, job.leaseToken, { pid: 4242 });
    expect(getRun(db, id).status).toBe("running");
    finishLeasedJob(db, id, job.leaseToken, { exitCode: 1, error: "Traceback: boom" });
    expect(getRun(db, id)).toMatchObject({ status: "failed", exitCode: 1, error: "Traceback: boom" });
    const pk = db.$client.prepare("select pk from runs where id = ?").pluck().get(id) as number;
    expect(listRunEvents(db.$client, pk).map((e) => e.kind)).toEqual(["queued", "leased", "started", "failed"]);
    expect(listRunEvents(db.$client, pk)[2].message).toBe("started on host-w1 (pid 4242)");
  });

  it("requeues an expired lease while attempts remain, then marks the run lost", () => {
    const id = launch(db, recipes, { recipe: "cpu" }).runs[0].id; // maxAttempts 2
    const t0 = 1_000_000;
    const first = leaseNextJob(db, "w1", { pool: "local", freeGpus: 0 }, { leaseMs: 1000, now: t0 })!;
    expect(sweepExpiredLeases(db, t0 + 500)).toBe(0);
    expect(sweepExpiredLeases(db, t0 + 1001)).toBe(1);
    expect(getRun(db, id).status).toBe("queued");
    // The first worker's token is now stale: its writes are refused and its heartbeat says abandon.
    expect(() => appendLogBatch(db, id, { batchId: "x", leaseToken: first.leaseToken, chunks: [{ stream: "stdout", text: "late" }] })).toThrow(/stale/);
    expect(heartbeat(db, "w1", { leases: [{ runId: id, leaseToken: first.leaseToken }] }, { leaseMs: 1000, now: t0 + 1002 }).leases).toEqual([{ runId: id, action: "abandon" }]);
    const second = leaseNextJob(db, "w2", { pool: "local", freeGpus: 0 }, { leaseMs: 1000, now: t0 + 2000 })!;
    expect(second.attempt).toBe(2);
    sweepExpiredLeases(db, t0 + 3001);
    expect(getRun(db, id)).toMatchObject({ status: "lost" });
    expect(getRun(db, id).error).toMatch(/lease of worker w2 expired/);
  });

  it("renews leases on heartbeat", () => {
    const id = launch(db, recipes, { recipe: "cpu" }).runs[0].id;
    const t0 = 2_000_000;
    const job = leaseNextJob(db, "w1", { pool: "local", freeGpus: 0 }, { leaseMs: 1000, now: t0 })!;
    heartbeat(db, "w1", { leases: [{ runId: id, leaseToken: job.leaseToken }] }, { leaseMs: 1000, now: t0 + 900 });
    expect(sweepExpiredLeases(db, t0 + 1500)).toBe(0);
    expect(getRun(db, id).status).toBe("starting");
  });

  it("hands a job back without using up an attempt", () => {
    const id = launch(db, recipes, { recipe: "big" }).runs[0].id; // maxAttempts 1
    const job = leaseNextJob(db, "w1", { pool: "local", freeGpus: 4 }, LEASE)!;
    releaseLease(db, id, job.leaseToken);
    expect(getRun(db, id).status).toBe("queued");
    expect(leaseNextJob(db, "w2", { pool: "local", freeGpus: 4 }, LEASE)!.attempt).toBe(1);
  });
});

describe("cancel", () => {
  it("cancels a queued run at once", () => {
    const id = launch(db, recipes, { recipe: "cpu" }).runs[0].id;
    expect(requestCancel(db, id).status).toBe("canceled");
    expect(getRun(db, id).status).toBe("canceled");
    expect(leaseNextJob(db, "w1", { pool: "local", freeGpus: 0 }, LEASE)).toBeNull();
    expect(() => requestCancel(db, id)).toThrow(/nothing to cancel/);
  });

  it("asks the worker of a running run on its next heartbeat, and ends it canceled", () => {
    const id = launch(db, recipes, { recipe: "cpu" }).runs[0].id;
    const job = leaseNextJob(db, "w1", { pool: "local", freeGpus: 0 }, LEASE)!;
    markJobStarted(db, id, job.leaseToken, {});
    requestCancel(db, id);
    expect(getRun(db, id).status).toBe("running");
    expect(heartbeat(db, "w1", { leases: [{ runId: id, leaseToken: job.leaseToken }] }, LEASE).leases[0].action).toBe("cancel");
    finishLeasedJob(db, id, job.leaseToken, { exitCode: null, signal: "SIGTERM" });
    expect(getRun(db, id)).toMatchObject({ status: "canceled" });
  });
});
