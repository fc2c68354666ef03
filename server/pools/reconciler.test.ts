import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SubmitError, type Executor, type ExecutorJob, type PoolClusterStatus, type SchedulerStatus, type Submission } from "@/server/pools/executors/executor";
import { waitFor } from "@/workers/agent/testing/harness";
import { configFromEnv } from "../config";
import { createAppContext, type AppContext } from "../context";
import { listRunEvents } from "../jobs/events";
import { requestCancel } from "../jobs/workers";
import { launch } from "../launches/service";
import { getRun, requireRunRow } from "../runs/service";
import { REPO_ROOT } from "../testing/test-server";
import { PoolReconciler } from "./reconciler";
import { recordSchedulerReport } from "./reports";
import { getRunJob } from "./views";

/** A scheduler the test drives: what `submit` answers, and each job's state. */
class FakeScheduler implements Executor {
  readonly type = "slurm" as const;
  readonly pulledByWorkers = false;
  submits: ExecutorJob[] = [];
  cancels: string[] = [];
  polls = 0;
  states = new Map<string, SchedulerStatus>();
  nextSubmit: (job: ExecutorJob) => Submission | Error = (job) => ({ schedulerId: String(100 + this.submits.length), script: `#!/bin/bash\n# ${job.runId}` });
  pollError: Error | null = null;

  async submit(job: ExecutorJob) {
    const r = this.nextSubmit(job);
    this.submits.push(job);
    if (r instanceof Error) throw r;
    if (!r.adopted) this.states.set(r.schedulerId, st("queued", "PENDING", "Priority"));
    return r;
  }
  async poll(ids: readonly string[]) {
    this.polls++;
    if (this.pollError) throw this.pollError;
    return new Map(ids.filter((id) => this.states.has(id)).map((id) => [id, this.states.get(id)!]));
  }
  async cancel(id: string) {
    this.cancels.push(id);
  }
  async logs() {
    return "slurmstepd: error: execve(): bin/skillboard: No such file or directory\n";
  }
  async describe(): Promise<PoolClusterStatus> {
    return { reachable: true };
  }
}

const st = (phase: SchedulerStatus["phase"], state: string, reason: string | null = null, extra: Partial<SchedulerStatus> = {}): SchedulerStatus => ({
  phase,
  state,
  reason,
  nodes: null,
  exitCode: null,
  ...extra,
});

let app: AppContext;
let fake: FakeScheduler;
let reconciler: PoolReconciler;

function startReconciler() {
  reconciler = new PoolReconciler(app, { serverUrl: "http://test", log: () => {}, executors: new Map<string, Executor>([["slurm", fake]]), submitRetryMs: 50 }).start();
}

beforeEach(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pools-reconciler-"));
  fs.writeFileSync(path.join(dir, "pools.yaml"), "pools:\n  slurm:\n    type: slurm\n    partition: p\n    pollInterval: 0.1\n");
  fs.mkdirSync(path.join(dir, "recipes"));
  fs.writeFileSync(path.join(dir, "recipes", "t.yaml"), "name: t\nargv: [train]\npool: slurm\nretry: {maxAttempts: 2}\nparams: {seed: {type: int, default: 0}}\n");
  process.env.SKILLBOARD_POOLS_FILE = path.join(dir, "pools.yaml");
  process.env.SKILLBOARD_RECIPES_DIR = path.join(dir, "recipes");
  app = createAppContext({ ...configFromEnv(), dataDir: path.join(dir, "data") }, { rootDir: REPO_ROOT });
  delete process.env.SKILLBOARD_POOLS_FILE;
  delete process.env.SKILLBOARD_RECIPES_DIR;
  fake = new FakeScheduler();
});
afterEach(async () => {
  await reconciler?.stop();
  app.db.$client.close();
});

const launchOne = () => launch(app.db, app.recipes, { recipe: "t" }, app.pools).runs[0].id;
const job = (id: string) => getRunJob(app, id)!;
const events = (id: string) => listRunEvents(app.db.$client, requireRunRow(app.db, id).pk);
const status = (id: string) => getRun(app.db, id).status;
const waitJob = (id: string, pred: (j: ReturnType<typeof job>) => boolean, what: string) => waitFor(what, () => pred(job(id)), 20_000, 20);

describe("the pools reconciler", () => {
  it("submits a queued run, shows Slurm's pending reason, and follows it to running and succeeded with the wrapper's exit code", async () => {
    startReconciler();
    const id = launchOne();
    await waitJob(id, (j) => j.reason === "Priority", "the pending reason");
    expect(job(id)).toMatchObject({ state: "submitted", schedulerId: "100", schedulerState: "PENDING", attempts: 1 });
    expect(fake.submits[0]).toMatchObject({ runId: id, maybeSubmitted: false, serverUrl: "http://test", attempt: 1 });
    expect(fake.submits[0].apiKey).toMatch(/^sbj_/);
    fake.states.set("100", st("running", "RUNNING", null, { nodes: "gpu[01-02]" }));
    await waitFor("running", () => status(id) === "running", 20_000, 20);
    recordSchedulerReport(app.db, id, { event: "exited", schedulerId: "100", exitCode: 0, signaled: false });
    expect(status(id)).toBe("running"); // the scheduler's final state decides
    fake.states.set("100", st("succeeded", "COMPLETED", null, { exitCode: 0 }));
    await waitFor("succeeded", () => status(id) === "succeeded", 20_000, 20);
    expect(events(id).map((e) => e.kind)).toEqual(["queued", "submitted", "pending", "running", "exited", "succeeded"]);
    expect(events(id)[3].message).toBe("running on gpu[01-02] (Slurm job 100)");
  });

  it("records the scheduler's RUNNING once even when the in-job wrapper reported its start first", async () => {
    startReconciler();
    const id = launchOne();
    await waitJob(id, (j) => j.schedulerState === "PENDING", "the pending state");
    recordSchedulerReport(app.db, id, { event: "started", schedulerId: "100", nodes: "gpu01" });
    expect(status(id)).toBe("running");
    fake.states.set("100", st("running", "RUNNING", null, { nodes: "gpu01" }));
    await waitJob(id, (j) => j.schedulerState === "RUNNING", "the RUNNING state");
    const polls = fake.polls;
    await waitFor("two more polls", () => fake.polls >= polls + 2, 20_000, 20);
    fake.states.set("100", st("succeeded", "COMPLETED", null, { exitCode: 0 }));
    await waitFor("succeeded", () => status(id) === "succeeded", 20_000, 20);
    expect(events(id).map((e) => e.kind)).toEqual(["queued", "submitted", "pending", "started", "running", "succeeded"]);
  });

  it("adopts a job an earlier server left half-submitted instead of submitting it blindly", async () => {
    const id = launchOne();
    app.db.$client.prepare("UPDATE jobs SET state = 'submitting', attempts = 1").run();
    fake.nextSubmit = () => ({ schedulerId: "77", script: "s", adopted: true });
    fake.states.set("77", st("queued", "PENDING", "Priority"));
    startReconciler();
    await waitJob(id, (j) => j.state === "submitted", "the adoption");
    expect(fake.submits).toHaveLength(1);
    expect(fake.submits[0].maybeSubmitted).toBe(true);
    expect(job(id)).toMatchObject({ schedulerId: "77", attempts: 1 });
    expect(events(id).map((e) => e.message)).toContain("found Slurm job 77 from a submission the server did not finish recording; not submitted again");
  });

  it("retries a submission the controller could not take, and fails the run when sbatch refuses it for good", async () => {
    let n = 0;
    fake.nextSubmit = () => (n++ === 0 ? new SubmitError("sbatch refused the job: Unable to contact slurm controller", false) : { schedulerId: "5", script: "s" });
    startReconciler();
    const id = launchOne();
    await waitJob(id, (j) => j.state === "submitted", "the retried submission");
    expect(fake.submits.length).toBe(2);
    expect(job(id).attempts).toBe(1);
    expect(events(id).map((e) => e.message)).toContain("not submitted yet: sbatch refused the job: Unable to contact slurm controller; retrying");

    fake.nextSubmit = () => new SubmitError("sbatch refused the job: Invalid partition name specified", true);
    const bad = launchOne();
    await waitFor("failed", () => status(bad) === "failed", 20_000, 20);
    expect(getRun(app.db, bad).error).toBe("sbatch refused the job: Invalid partition name specified");
  });

  it("asks the scheduler to cancel once, and ends the run canceled when the scheduler says so", async () => {
    startReconciler();
    const id = launchOne();
    await waitJob(id, (j) => j.state === "submitted", "the submission");
    requestCancel(app.db, id);
    await waitFor("scancel", () => fake.cancels.length === 1, 20_000, 20);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.cancels).toEqual(["100"]);
    expect(status(id)).toBe("queued");
    fake.states.set("100", st("canceled", "CANCELLED"));
    await waitFor("canceled", () => status(id) === "canceled", 20_000, 20);
    expect(events(id).map((e) => e.kind)).toEqual(["queued", "submitted", "pending", "cancel-requested", "cancel-sent", "canceled"]);
  });

  it("submits a preempted job again, and lets Slurm run a requeued one again", async () => {
    startReconciler();
    const id = launchOne();
    await waitJob(id, (j) => j.state === "submitted", "the submission");
    fake.states.set("100", st("running", "RUNNING", null, { nodes: "n1" }));
    await waitFor("running", () => status(id) === "running", 20_000, 20);
    fake.states.set("100", st("requeued", "REQUEUED"));
    await waitFor("requeued", () => status(id) === "queued", 20_000, 20);
    expect(fake.submits).toHaveLength(1);
    fake.states.set("100", st("preempted", "PREEMPTED"));
    await waitJob(id, (j) => j.schedulerId === "101", "the new submission");
    expect(job(id).attempts).toBe(1); // a preemption does not use up an attempt
    expect(events(id).map((e) => e.message)).toContain("Slurm job 100 was preempted (PREEMPTED); queued again for a new submission");
  });

  it("ends a run the scheduler forgot: from the wrapper's report, else submitted again while attempts remain, else lost", async () => {
    startReconciler();
    const reported = launchOne();
    await waitJob(reported, (j) => j.state === "submitted", "the submission");
    recordSchedulerReport(app.db, reported, { event: "started", schedulerId: "100", nodes: "n7", pid: 42 });
    expect(status(reported)).toBe("running");
    recordSchedulerReport(app.db, reported, { event: "exited", schedulerId: "100", exitCode: 2, error: "Traceback: boom" });
    fake.states.delete("100");
    await waitFor("failed", () => status(reported) === "failed", 20_000, 20);
    expect(getRun(app.db, reported)).toMatchObject({ exitCode: 2, error: "Traceback: boom" });

    const forgotten = launchOne();
    await waitJob(forgotten, (j) => j.state === "submitted", "the submission");
    const first = job(forgotten).schedulerId!;
    fake.states.delete(first);
    await waitJob(forgotten, (j) => j.schedulerId !== first && j.state === "submitted", "the second submission");
    expect(job(forgotten).attempts).toBe(2);
    fake.states.delete(job(forgotten).schedulerId!);
    await waitFor("lost", () => status(forgotten) === "lost", 20_000, 20);
    expect(getRun(app.db, forgotten).error).toMatch(/^lost: Slurm no longer knows job \d+ \(no record in squeue, scontrol show job or sacct\)/);
  });

  it("declares nothing lost while the scheduler does not answer", async () => {
    startReconciler();
    const id = launchOne();
    await waitJob(id, (j) => j.state === "submitted", "the submission");
    fake.pollError = new Error("squeue failed: Unable to contact slurm controller");
    fake.states.clear();
    const polls = fake.polls;
    await waitFor("more polls", () => fake.polls > polls + 3, 20_000, 20);
    expect(status(id)).toBe("queued");
    expect(job(id).state).toBe("submitted");
  });

  it("puts the scheduler's log in a failed run's error when the wrapper never reported", async () => {
    startReconciler();
    const id = launchOne();
    await waitJob(id, (j) => j.state === "submitted", "the submission");
    fake.states.set("100", st("failed", "FAILED", "NonZeroExitCode", { exitCode: 127 }));
    await waitFor("failed", () => status(id) === "failed", 20_000, 20);
    const run = getRun(app.db, id);
    expect(run.exitCode).toBe(127);
    expect(run.error).toBe(
      "FAILED (NonZeroExitCode): the job's script exited with a non-zero code, exit code 127\nSlurm's log of the job ends with:\nslurmstepd: error: execve(): bin/skillboard: No such file or directory\n",
    );
  });
});

describe("scheduler reports", () => {
  it("refuse a stale copy, an ended run, and a run that is not on a cluster pool", async () => {
    startReconciler();
    const id = launchOne();
    await waitJob(id, (j) => j.state === "submitted", "the submission");
    expect(() => recordSchedulerReport(app.db, id, { event: "started", schedulerId: "999" })).toThrow(/is now scheduler job 100, not 999: this copy of the run is stale/);
    expect(() => recordSchedulerReport(app.db, id, { event: "bogus" })).toThrow(/event/);
    requestCancel(app.db, id);
    fake.states.set("100", st("canceled", "CANCELLED"));
    await waitFor("canceled", () => status(id) === "canceled", 20_000, 20);
    expect(() => recordSchedulerReport(app.db, id, { event: "exited", exitCode: 0 })).toThrow(/already ended as 'canceled'/);
    const local = launch(app.db, app.recipes, { recipe: "t", pool: "local" }, app.pools).runs[0].id;
    expect(() => recordSchedulerReport(app.db, local, { event: "started" })).toThrow(/is not on a cluster pool's scheduler/);
  });
});
