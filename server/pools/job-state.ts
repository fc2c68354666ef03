import type Database from "better-sqlite3";
import type { JobExitReport, JobResources } from "@/db/schema";
import type { PoolType, SchedulerStatus, Submission } from "@/server/pools/executors/executor";
import { rayPhase } from "@/server/pools/executors/ray";
import { FAILURE_TEXT, slurmPhase } from "@/server/pools/executors/slurm-states";
import { recordRunEvent } from "../jobs/events";
import { endJob } from "../jobs/queue";

/**
 * The jobs of cluster pools in the database: claiming queued jobs for
 * submission, recording what the scheduler answered, and turning each polled
 * scheduler state into the run's status. Every change is one transaction and
 * re-reads the job first, so a report from the in-job wrapper that arrived
 * meanwhile is never overwritten.
 */

export interface ClusterJobRow {
  run_pk: number;
  run_id: string;
  run_name: string;
  run_status: string;
  pool: string;
  state: string;
  argv: string;
  env: string;
  cwd: string | null;
  resources: string;
  attempts: number;
  max_attempts: number;
  cancel_requested: number;
  scheduler_id: string | null;
  scheduler_state: string | null;
  scheduler_reason: string | null;
  nodes: string | null;
  exit_report: string | null;
  cancel_sent_at: number | null;
}

const SELECT = `SELECT j.run_pk, r.id AS run_id, r.name AS run_name, r.status AS run_status, j.pool, j.state, j.argv, j.env, j.cwd,
  j.resources, j.attempts, j.max_attempts, j.cancel_requested, j.scheduler_id, j.scheduler_state, j.scheduler_reason, j.nodes,
  j.exit_report, j.cancel_sent_at FROM jobs j JOIN runs r ON r.pk = j.run_pk`;

/** How a scheduler job is named in the run's timeline. */
export function schedulerJobLabel(type: PoolType, id: string | null): string {
  if (type === "slurm") return `Slurm job ${id ?? "?"}`;
  if (type === "ray") return `Ray job '${id ?? "?"}'`;
  return `job ${id ?? "?"}`;
}

export const schedulerName = (type: PoolType) => (type === "slurm" ? "Slurm" : type === "ray" ? "Ray" : "the pool");

export function getClusterJob(sqlite: Database.Database, runPk: number): ClusterJobRow | undefined {
  return sqlite.prepare(`${SELECT} WHERE j.run_pk = ?`).get(runPk) as ClusterJobRow | undefined;
}

export interface ClaimedJob {
  row: ClusterJobRow;
  resources: JobResources;
  /** Left in `submitting` by an earlier server: it may already be in the scheduler. */
  maybeSubmitted: boolean;
}

/**
 * Takes up to `limit` jobs of the pool to submit: queued ones (moved to
 * `submitting`, counting an attempt) and ones an earlier server left in
 * `submitting` (not in `inFlight`): those may already be in the scheduler.
 */
export function claimJobsToSubmit(sqlite: Database.Database, pool: string, limit: number, inFlight: ReadonlySet<number>): ClaimedJob[] {
  return sqlite.transaction(() => {
    const rows = sqlite
      .prepare(`${SELECT} WHERE j.pool = ? AND j.state IN ('queued', 'submitting') ORDER BY j.enqueued_at, j.run_pk LIMIT ?`)
      .all(pool, limit + inFlight.size) as ClusterJobRow[];
    const claimed: ClaimedJob[] = [];
    for (const row of rows) {
      if (claimed.length >= limit) break;
      if (inFlight.has(row.run_pk)) continue;
      const orphan = row.state === "submitting";
      if (!orphan) {
        sqlite.prepare("UPDATE jobs SET state = 'submitting', attempts = attempts + 1 WHERE run_pk = ? AND state = 'queued'").run(row.run_pk);
        row.attempts += 1;
      }
      claimed.push({ row, resources: JSON.parse(row.resources), maybeSubmitted: orphan });
    }
    return claimed;
  })();
}

/** The scheduler took the job (or one found from an interrupted submission was adopted). */
export function recordSubmission(sqlite: Database.Database, runPk: number, type: PoolType, sub: Submission, now = Date.now()): void {
  sqlite.transaction(() => {
    const job = getClusterJob(sqlite, runPk);
    if (!job || job.state !== "submitting") return;
    sqlite
      .prepare(
        `UPDATE jobs SET state = 'submitted', scheduler_id = ?, submitted_at = ?, script = ?, scheduler_state = 'SUBMITTED',
         scheduler_reason = NULL, cancel_sent_at = NULL WHERE run_pk = ?`,
      )
      .run(sub.schedulerId, now, sub.script, runPk);
    const label = schedulerJobLabel(type, sub.schedulerId);
    recordRunEvent(
      sqlite,
      runPk,
      "submitted",
      sub.adopted ? `found ${label} from a submission the server did not finish recording; not submitted again` : `submitted to ${schedulerName(type)} as ${label}`,
      now,
    );
  })();
}

/**
 * The submission failed. Refused for good (`permanent`): the run fails with
 * the scheduler's message. Otherwise the job is queued again (the attempt not
 * counted) and the timeline says why, once per distinct message.
 */
export function recordSubmitFailure(sqlite: Database.Database, runPk: number, message: string, permanent: boolean, now = Date.now()): void {
  sqlite.transaction(() => {
    const job = getClusterJob(sqlite, runPk);
    if (!job || job.state !== "submitting") return;
    if (job.cancel_requested) {
      endJob(sqlite, runPk, "canceled", null, `canceled before it was submitted (${message})`, now);
      return;
    }
    if (permanent) {
      endJob(sqlite, runPk, "failed", null, `failed: ${message}`, now, message);
      return;
    }
    // The reason the run page shows while it waits (the scheduler is down, say); a submission clears it.
    sqlite.prepare("UPDATE jobs SET state = 'queued', attempts = max(attempts - 1, 0), scheduler_reason = ? WHERE run_pk = ?").run(`not submitted yet: ${message}`, runPk);
    const last = sqlite.prepare("SELECT message FROM run_events WHERE run_pk = ? ORDER BY id DESC LIMIT 1").pluck().get(runPk);
    const text = `not submitted yet: ${message}; retrying`;
    if (last !== text) recordRunEvent(sqlite, runPk, "submit-retry", text, now);
  })();
}

/** Jobs the scheduler holds: polled each interval. */
export function listSubmittedJobs(sqlite: Database.Database, pool: string): ClusterJobRow[] {
  return sqlite.prepare(`${SELECT} WHERE j.pool = ? AND j.state = 'submitted' ORDER BY j.run_pk`).all(pool) as ClusterJobRow[];
}

/** Submitted jobs with a cancel asked and not sent in the last `resendMs`. */
export function listCancelsToSend(sqlite: Database.Database, pool: string, now: number, resendMs = 30_000): ClusterJobRow[] {
  return sqlite
    .prepare(`${SELECT} WHERE j.pool = ? AND j.state = 'submitted' AND j.cancel_requested = 1 AND (j.cancel_sent_at IS NULL OR j.cancel_sent_at < ?)`)
    .all(pool, now - resendMs) as ClusterJobRow[];
}

export function markCancelSent(sqlite: Database.Database, runPk: number, message: string, now = Date.now()): void {
  sqlite.transaction(() => {
    const first = sqlite.prepare("SELECT cancel_sent_at FROM jobs WHERE run_pk = ?").pluck().get(runPk) == null;
    sqlite.prepare("UPDATE jobs SET cancel_sent_at = ? WHERE run_pk = ?").run(now, runPk);
    if (first) recordRunEvent(sqlite, runPk, "cancel-sent", message, now);
  })();
}

export interface ApplyContext {
  type: PoolType;
  now?: number;
  /** The end of the job's output as the scheduler kept it: used in a failed run's error when the wrapper reported nothing. */
  schedulerLogTail?: string;
}

/** How each scheduler says it does not know a job. */
const UNKNOWN_HOW: Record<PoolType, string> = {
  slurm: "no record in squeue, scontrol show job or sacct",
  ray: "the Jobs API answers 404",
  local: "no such job",
};

const parseReport = (text: string | null): JobExitReport | null => (text ? (JSON.parse(text) as JobExitReport) : null);

/**
 * Applies one polled state of scheduler job `schedulerId` (`undefined`: the
 * scheduler does not know it) to the job and its run, unless the run has
 * moved on meanwhile (ended, or submitted again as another job). Returns the
 * run's final status when it ended.
 */
export function applySchedulerStatus(
  sqlite: Database.Database,
  runPk: number,
  schedulerId: string,
  s: SchedulerStatus | undefined,
  ctx: ApplyContext,
): string | null {
  const now = ctx.now ?? Date.now();
  return sqlite.transaction((): string | null => {
    const job = getClusterJob(sqlite, runPk);
    if (!job || job.state !== "submitted" || job.scheduler_id !== schedulerId) return null;
    const label = schedulerJobLabel(ctx.type, job.scheduler_id);
    const report = parseReport(job.exit_report);
    const retriesLeft = job.attempts < job.max_attempts;

    if (!s) {
      const unknown = `${schedulerName(ctx.type)} no longer knows job ${ctx.type === "ray" ? `'${job.scheduler_id}'` : job.scheduler_id} (${UNKNOWN_HOW[ctx.type]})`;
      return endGoneJob(sqlite, job, unknown, `${unknown}: it may have ended while Skillboard was not watching, or the cluster lost it`, now);
    }

    const changed = s.state !== job.scheduler_state || s.reason !== job.scheduler_reason || (s.nodes ?? job.nodes) !== job.nodes;
    if (changed) {
      sqlite
        .prepare("UPDATE jobs SET scheduler_state = ?, scheduler_reason = ?, nodes = coalesce(?, nodes) WHERE run_pk = ?")
        .run(s.state, s.reason, s.nodes, runPk);
    }
    const setRun = (status: string) =>
      sqlite
        .prepare(`UPDATE runs SET status = ?, updated_at = ?${status === "running" ? ", started_at = coalesce(started_at, ?)" : ""} WHERE pk = ?`)
        .run(...(status === "running" ? [status, now, now, runPk] : [status, now, runPk]));

    switch (s.phase) {
      case "queued": {
        if (job.cancel_requested && job.cancel_sent_at != null && ctx.type === "ray") {
          // Ray keeps a pending job's stop until the job can start (its supervisor actor waits for resources), then
          // stops it at once: nothing of the run ever runs, so the run ends now rather than when resources free up.
          return end(sqlite, job, "canceled", null, `canceled while pending (${label}: Ray stops it should it ever start)`, now);
        }
        if (job.run_status !== "queued") {
          setRun("queued");
          recordRunEvent(sqlite, runPk, "requeued", `${label} is pending again in ${schedulerName(ctx.type)}${s.reason ? ` (${s.reason})` : ""}`, now);
        } else if (s.reason && s.reason !== job.scheduler_reason) {
          recordRunEvent(sqlite, runPk, "pending", `pending in ${schedulerName(ctx.type)}: ${s.reason}`, now);
        }
        return null;
      }
      case "requeued": {
        sqlite.prepare("UPDATE jobs SET exit_report = NULL WHERE run_pk = ?").run(runPk);
        if (job.scheduler_state !== s.state) {
          setRun("queued");
          recordRunEvent(sqlite, runPk, "requeued", `${label} was requeued by ${schedulerName(ctx.type)} (${s.state}${s.reason ? `: ${s.reason}` : ""}); it runs again when it is scheduled`, now);
        }
        return null;
      }
      case "preempted": {
        if (job.cancel_requested) return end(sqlite, job, "canceled", null, `canceled (${label} was preempted after the cancel was asked)`, now);
        // It ended in the scheduler: Skillboard submits it again; a preemption does not use up an attempt.
        sqlite
          .prepare("UPDATE jobs SET state = 'queued', attempts = max(attempts - 1, 0), scheduler_id = NULL, exit_report = NULL, nodes = NULL WHERE run_pk = ?")
          .run(runPk);
        setRun("queued");
        recordRunEvent(sqlite, runPk, "requeued", `${label} was preempted (${s.state}); queued again for a new submission`, now);
        return null;
      }
      case "starting":
        if (job.run_status === "queued") setRun("starting");
        return null;
      case "running": {
        const running = `running on ${s.nodes ?? "?"} (${label})`;
        if (job.run_status === "queued" || job.run_status === "starting") {
          setRun("running");
          recordRunEvent(sqlite, runPk, "running", running, now);
        } else if (!wasRunning(ctx.type, job.scheduler_state)) {
          // The in-job wrapper's start report came before this poll: the scheduler's RUNNING is still worth its event.
          recordRunEvent(sqlite, runPk, "running", running, now);
        } else if (s.state !== job.scheduler_state && job.scheduler_state && !["SUBMITTED", "PENDING", "CONFIGURING", "RUNNING"].includes(s.state)) {
          recordRunEvent(sqlite, runPk, "scheduler-state", `${label} is ${s.state}${s.reason ? ` (${s.reason})` : ""}`, now);
        }
        return null;
      }
      case "canceled": {
        const by = job.cancel_requested ? "" : ` outside Skillboard`;
        return end(sqlite, job, "canceled", report?.exitCode ?? s.exitCode, `canceled${by} (${label}: ${s.state})`, now);
      }
      case "succeeded": {
        const code = report?.exitCode ?? s.exitCode ?? 0;
        return end(sqlite, job, "succeeded", code, `succeeded (${label}: ${s.state}, exit code ${code})`, now);
      }
      case "failed": {
        if ((s.state === "NODE_FAIL" || s.state === "BOOT_FAIL") && retriesLeft && !job.cancel_requested) {
          return requeue(sqlite, job, `${label} ended with ${s.state}; submitting it again (attempt ${job.attempts} of ${job.max_attempts} used)`, now);
        }
        const code = report ? report.exitCode : s.exitCode;
        const what = FAILURE_TEXT[s.state];
        const headline = ctx.type === "slurm" ? `${s.state}${s.reason && s.reason !== s.state ? ` (${s.reason})` : ""}: ${what ?? "the job failed"}` : `${s.state}: ${s.reason ?? "the job failed"}`;
        const how = code != null ? `, exit code ${code}` : s.signal ? `, signal ${s.signal}` : "";
        const tail = report?.error?.trim() ? report.error : ctx.schedulerLogTail?.trim() ? `${schedulerName(ctx.type)}'s log of the job ends with:\n${ctx.schedulerLogTail}` : "";
        // A plain non-zero exit reads like a local run's: the stderr tail. Anything else leads with the scheduler's reason.
        const error = s.state === "FAILED" && report?.error?.trim() ? report.error : tail ? `${headline}${how}\n${tail}` : `${headline}${how}`;
        return end(sqlite, job, "failed", code, `failed: ${s.state} (${label}${how}${what ? `: ${what}` : ""})`, now, error);
      }
    }
  })();
}

/**
 * A job the scheduler cannot tell about any more (it forgot it, or it has not
 * answered for too long). What the in-job wrapper reported decides, unless it
 * reported being stopped by a signal nobody asked for: the cluster went away
 * under it, so its outcome is unknown, as it is without a report. An unknown
 * outcome is submitted again while the recipe's retry.maxAttempts allow, else `lost`.
 */
function endGoneJob(sqlite: Database.Database, job: ClusterJobRow, what: string, whyUnknown: string, now: number): string | null {
  const report = parseReport(job.exit_report);
  const killed = report?.signaled && !job.cancel_requested;
  if (report && !killed) return endFromReport(sqlite, job, report, `${what}; ended as the in-job wrapper reported`, now);
  const why = killed
    ? `${what}: the in-job wrapper reported the job was stopped (${report!.signal ?? `exit code ${report!.exitCode}`}) though nobody asked, as when the cluster goes down under it`
    : whyUnknown;
  if (job.attempts < job.max_attempts && !job.cancel_requested) {
    return requeue(sqlite, job, `${why}; submitting it again (attempt ${job.attempts} of ${job.max_attempts} used)`, now);
  }
  if (job.cancel_requested) return end(sqlite, job, "canceled", null, `canceled; ${why}`, now);
  return end(sqlite, job, "lost", null, `lost: ${why}. Its outcome is unknown.`, now);
}

export interface UnreachableContext {
  type: PoolType;
  /** When the scheduler stopped answering (as this server saw it). */
  since: number;
  error: string;
  /** How long it may not answer before its jobs are taken as gone; null: never (Slurm jobs outlive their controller). */
  lostAfterMs: number | null;
  now?: number;
}

/**
 * The scheduler did not answer a poll. The run keeps its status (nothing is
 * known), with the reason on the job and, once per outage, a line in its
 * timeline; past `lostAfterMs` the job is taken as gone with the cluster.
 */
export function applySchedulerUnreachable(sqlite: Database.Database, runPk: number, schedulerId: string, ctx: UnreachableContext): string | null {
  const now = ctx.now ?? Date.now();
  return sqlite.transaction((): string | null => {
    const job = getClusterJob(sqlite, runPk);
    if (!job || job.state !== "submitted" || job.scheduler_id !== schedulerId) return null;
    const name = schedulerName(ctx.type);
    const silentS = Math.round((now - ctx.since) / 1000);
    if (ctx.lostAfterMs != null && now - ctx.since >= ctx.lostAfterMs) {
      const what = `${name} has not answered for ${silentS} s (${ctx.error})`;
      return endGoneJob(sqlite, job, what, `${what}: the job is taken as gone with the cluster`, now);
    }
    const reason = `${name} does not answer since ${new Date(ctx.since).toISOString()}: ${ctx.error}`;
    if (job.scheduler_reason === reason) return null;
    const first = !job.scheduler_reason?.startsWith(`${name} does not answer since ${new Date(ctx.since).toISOString()}`);
    sqlite.prepare("UPDATE jobs SET scheduler_reason = ? WHERE run_pk = ?").run(reason, runPk);
    if (first) {
      const limit = ctx.lostAfterMs == null ? "" : `; if it still does not after ${Math.round(ctx.lostAfterMs / 1000)} s, the run is declared lost`;
      recordRunEvent(sqlite, runPk, "scheduler-unreachable", `${name} does not answer (${ctx.error}): the run's state is unknown until it does${limit}`, now);
    }
    return null;
  })();
}

function end(sqlite: Database.Database, job: ClusterJobRow, status: "succeeded" | "failed" | "canceled" | "lost", code: number | null, message: string, now: number, error?: string): string {
  endJob(sqlite, job.run_pk, status, code, message, now, error ?? (status === "succeeded" ? null : message));
  return status;
}

function endFromReport(sqlite: Database.Database, job: ClusterJobRow, report: JobExitReport, why: string, now: number): string {
  if (job.cancel_requested && report.signaled) return end(sqlite, job, "canceled", report.exitCode, `canceled (${why})`, now);
  if (report.exitCode === 0) return end(sqlite, job, "succeeded", 0, `succeeded (${why}: exit code 0)`, now);
  const how = report.signal ? `killed by ${report.signal}` : `exit code ${report.exitCode}`;
  return end(sqlite, job, "failed", report.exitCode, `failed (${why}: ${how})`, now, report.error || `failed (${how})`);
}

function requeue(sqlite: Database.Database, job: ClusterJobRow, message: string, now: number): null {
  sqlite.prepare("UPDATE jobs SET state = 'queued', scheduler_id = NULL, exit_report = NULL, nodes = NULL WHERE run_pk = ?").run(job.run_pk);
  sqlite.prepare("UPDATE runs SET status = 'queued', updated_at = ? WHERE pk = ?").run(now, job.run_pk);
  recordRunEvent(sqlite, job.run_pk, "requeued", message, now);
  return null;
}

/** Whether the scheduler state last stored for a job already meant running (so a RUNNING now is no news). */
function wasRunning(type: PoolType, state: string | null): boolean {
  if (!state) return false;
  return (type === "ray" ? rayPhase(state) : slurmPhase(state).phase) === "running";
}
