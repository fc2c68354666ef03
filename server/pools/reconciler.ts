import path from "node:path";
import { SchedulerUnreachableError, SubmitError, type Executor, type SchedulerStatus } from "@/server/pools/executors/executor";
import { forEachLimit } from "@/server/pools/executors/for-each-limit";
import type { AppContext } from "../context";
import { issueJobToken } from "../auth/job-tokens";
import { isClusterPool, pollIntervalMs, type ClusterPoolConfig } from "./config";
import {
  applySchedulerStatus,
  applySchedulerUnreachable,
  claimJobsToSubmit,
  listCancelsToSend,
  listSubmittedJobs,
  markCancelSent,
  recordSubmission,
  recordSubmitFailure,
  type ClaimedJob,
} from "./job-state";
import { waitForPoolWork } from "./pool-signal";
import { poolExecutors } from "./registry";

export interface ReconcilerOptions {
  /** What jobs are told to reach the server with (SKILLBOARD_URL). */
  serverUrl: string;
  log?: (line: string) => void;
  /** The executors to use instead of those the pools config describes (tests). */
  executors?: Map<string, Executor>;
  /** The first wait after a submission failed for want of the scheduler; it doubles up to a minute. Default 5 s. */
  submitRetryMs?: number;
}

/**
 * Keeps Skillboard's runs in step with the cluster schedulers, one loop per
 * Slurm or Ray pool: submits queued jobs (a few at a time, in the background),
 * sends asked-for cancels, and once per poll interval reads the state of all
 * the pool's submitted jobs in one go (one `squeue`) and applies it to the
 * runs. Everything it knows is in the database, so a restarted server simply
 * starts again: its first poll reconciles every run with the scheduler, and a
 * job left half-submitted is looked up before it is submitted again.
 */
export class PoolReconciler {
  private readonly abort = new AbortController();
  private readonly loops: Promise<void>[] = [];
  private readonly pools = new Map<string, PoolLoopState>();
  private readonly log: (line: string) => void;

  constructor(
    private readonly app: AppContext,
    private readonly opts: ReconcilerOptions,
  ) {
    this.log = opts.log ?? ((line) => console.log(`[pools] ${line}`));
  }

  /** Starts a loop per cluster pool; does nothing when there is none. */
  start(): this {
    const executors = this.opts.executors ?? poolExecutors(this.app);
    for (const [name, pool] of this.app.pools.pools) {
      if (!isClusterPool(pool)) continue;
      const state: PoolLoopState = { name, pool, executor: executors.get(name)!, inFlight: new Map(), blockedUntil: 0, backoffMs: 0, lastError: "", unreachableSince: null };
      this.pools.set(name, state);
      this.loops.push(this.runLoop(state));
    }
    return this;
  }

  /** Stops the loops and waits for submissions in flight to be recorded. */
  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.loops);
    await Promise.all([...this.pools.values()].flatMap((p) => [...p.inFlight.values()]));
  }

  private get stopped() {
    return this.abort.signal.aborted;
  }

  private async runLoop(p: PoolLoopState): Promise<void> {
    const interval = pollIntervalMs(p.pool);
    let nextPoll = Date.now(); // the first poll is at once: it reconciles after a restart
    while (!this.stopped) {
      this.pumpSubmissions(p);
      await this.guard(p, "cancel", () => this.sendCancels(p));
      if (Date.now() >= nextPoll) {
        nextPoll = Date.now() + interval;
        await this.guard(p, "poll", () => this.pollOnce(p));
      }
      if (this.stopped) break;
      const wakeAt = p.blockedUntil > Date.now() ? Math.min(nextPoll, p.blockedUntil) : nextPoll;
      await waitForPoolWork(wakeAt - Date.now(), this.abort.signal);
    }
  }

  private async guard(p: PoolLoopState, what: string, fn: () => Promise<void>) {
    try {
      await fn();
      if (p.lastError.startsWith(what)) p.lastError = "";
    } catch (error) {
      const message = `${what}: ${(error as Error).message}`;
      if (message !== p.lastError) this.log(`pool ${p.name}: ${message}`);
      p.lastError = message;
    }
  }

  /** Starts submissions until `submitConcurrency` are in flight; each one done starts the next. */
  private pumpSubmissions(p: PoolLoopState): void {
    if (this.stopped || Date.now() < p.blockedUntil) return;
    const room = p.pool.submitConcurrency - p.inFlight.size;
    if (room <= 0) return;
    let claimed: ClaimedJob[];
    try {
      claimed = claimJobsToSubmit(this.app.db.$client, p.name, room, new Set(p.inFlight.keys()));
    } catch (error) {
      this.log(`pool ${p.name}: cannot read the queue: ${(error as Error).message}`);
      return;
    }
    for (const job of claimed) {
      const done = this.submitOne(p, job).finally(() => {
        p.inFlight.delete(job.row.run_pk);
        this.pumpSubmissions(p);
      });
      p.inFlight.set(job.row.run_pk, done);
    }
  }

  private async submitOne(p: PoolLoopState, { row, resources, maybeSubmitted }: ClaimedJob): Promise<void> {
    const sqlite = this.app.db.$client;
    try {
      const submission = await p.executor.submit({
        runId: row.run_id,
        runName: row.run_name,
        pool: p.name,
        argv: JSON.parse(row.argv),
        env: JSON.parse(row.env),
        cwd: row.cwd,
        resources,
        attempt: row.attempts,
        serverRunDir: path.join(this.app.config.dataDir, "work", row.run_id),
        serverUrl: this.opts.serverUrl,
        // A token for this run and attempt only, never a long-lived key (Ray even shows env_vars to anyone who reaches its dashboard).
        apiKey: issueJobToken(this.app.config.dataDir, row.run_id, row.attempts),
        maybeSubmitted,
      });
      recordSubmission(sqlite, row.run_pk, p.executor.type, submission);
      p.backoffMs = 0;
    } catch (error) {
      const permanent = error instanceof SubmitError && error.permanent;
      const message = (error as Error).message;
      recordSubmitFailure(sqlite, row.run_pk, message, permanent);
      if (!permanent) {
        // The scheduler cannot be reached: wait before the next try (5 s by default, doubling up to a minute).
        p.backoffMs = Math.min(60_000, p.backoffMs ? p.backoffMs * 2 : (this.opts.submitRetryMs ?? 5_000));
        p.blockedUntil = Date.now() + p.backoffMs;
        this.log(`pool ${p.name}: run ${row.run_id} not submitted (${message}); retrying in ${p.backoffMs / 1000} s`);
      }
    }
  }

  private async sendCancels(p: PoolLoopState): Promise<void> {
    const sqlite = this.app.db.$client;
    const rows = listCancelsToSend(sqlite, p.name, Date.now()).filter((r) => r.scheduler_id);
    await forEachLimit(rows, p.pool.submitConcurrency, async (row) => {
      await p.executor.cancel(row.scheduler_id!);
      const how = p.executor.type === "slurm" ? `scancel ${row.scheduler_id}` : `POST /api/jobs/${row.scheduler_id}/stop`;
      markCancelSent(sqlite, row.run_pk, `cancel sent to the scheduler (${how}); the run ends when the scheduler reports the job stopped`);
    });
  }

  /** One poll: the state of every submitted job of the pool in one call, applied run by run. */
  private async pollOnce(p: PoolLoopState): Promise<void> {
    const sqlite = this.app.db.$client;
    const jobs = listSubmittedJobs(sqlite, p.name).filter((j) => j.scheduler_id);
    if (!jobs.length) {
      p.unreachableSince = null;
      return;
    }
    let statuses: Map<string, SchedulerStatus>;
    try {
      statuses = await p.executor.poll(jobs.map((j) => j.scheduler_id!));
    } catch (error) {
      this.onUnreachable(p, error as Error);
      throw error;
    }
    p.unreachableSince = null;
    for (const job of jobs) {
      const s: SchedulerStatus | undefined = statuses.get(job.scheduler_id!);
      let schedulerLogTail: string | undefined;
      if (s?.phase === "failed" && !job.exit_report) schedulerLogTail = await p.executor.logs(job.scheduler_id!, { tailBytes: 4096 }).catch(() => undefined);
      const ended = applySchedulerStatus(sqlite, job.run_pk, job.scheduler_id!, s, { type: p.executor.type, schedulerLogTail });
      if (ended === "lost") this.log(`pool ${p.name}: run ${job.run_id} is lost: the scheduler no longer knows job ${job.scheduler_id}`);
    }
  }

  /**
   * A poll the scheduler did not answer: each submitted run says so. A Ray head that cannot be
   * reached at all for the pool's `lostAfter` took its jobs with it; an error answer (a refused
   * token, say) is not that: the head is there, and its jobs may be too.
   */
  private onUnreachable(p: PoolLoopState, error: Error): void {
    const sqlite = this.app.db.$client;
    const now = Date.now();
    p.unreachableSince ??= now;
    const down = error instanceof SchedulerUnreachableError;
    const lostAfterMs = p.pool.type === "ray" && down ? (p.pool.lostAfter ?? DEFAULT_RAY_LOST_AFTER_S) * 1000 : null;
    for (const job of listSubmittedJobs(sqlite, p.name).filter((j) => j.scheduler_id)) {
      const ended = applySchedulerUnreachable(sqlite, job.run_pk, job.scheduler_id!, {
        type: p.executor.type,
        since: p.unreachableSince,
        error: error.message,
        lostAfterMs,
        now,
      });
      if (ended === "lost") this.log(`pool ${p.name}: run ${job.run_id} is lost: ${p.executor.type} has not answered since ${new Date(p.unreachableSince).toISOString()}`);
    }
  }
}

/** How long a Ray head may not answer before its runs are taken as gone with it (the pool's `lostAfter`). */
export const DEFAULT_RAY_LOST_AFTER_S = 600;

interface PoolLoopState {
  name: string;
  pool: ClusterPoolConfig;
  executor: Executor;
  /** Submissions under way, by run pk. */
  inFlight: Map<number, Promise<void>>;
  /** No submission before this time (the scheduler could not be reached). */
  blockedUntil: number;
  backoffMs: number;
  lastError: string;
  /** When the scheduler stopped answering polls; null while it answers. */
  unreachableSince: number | null;
}
