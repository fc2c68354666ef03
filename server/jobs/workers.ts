import type { Db } from "@/db";
import type { GpuInfo } from "@/db/schema";
import { ConflictError, NotFoundError } from "../errors";
import { requireRunRow } from "../runs/service";
import { recordRunEvent } from "./events";
import { signalJobsAvailable } from "./job-signal";
import { signalPoolWork } from "../pools/pool-signal";
import { endJob, requireLease, sweepExpiredLeases, type QueueOptions } from "./queue";

export interface RegisterWorkerInput {
  id: string;
  host: string;
  pool: string;
  labels: string[];
  gpus: GpuInfo[];
  maxJobs: number;
}

/** Registers (or re-registers) a worker agent. */
export function registerWorker(db: Db, input: RegisterWorkerInput, now = Date.now()): void {
  db.$client
    .prepare(
      `INSERT INTO workers (id, host, pool, labels, gpus, max_jobs, state, started_at, last_seen_at)
       VALUES (@id, @host, @pool, @labels, @gpus, @maxJobs, 'active', @now, @now)
       ON CONFLICT (id) DO UPDATE SET host = @host, pool = @pool, labels = @labels, gpus = @gpus,
         max_jobs = @maxJobs, state = 'active', last_seen_at = @now`,
    )
    .run({ ...input, labels: JSON.stringify(input.labels), gpus: JSON.stringify(input.gpus), now });
}

function requireWorker(db: Db, id: string) {
  const w = db.$client.prepare("SELECT id, host FROM workers WHERE id = ?").get(id) as { id: string; host: string } | undefined;
  if (!w) throw new NotFoundError("Worker", id);
  return w;
}

export type LeaseAction = "continue" | "cancel" | "abandon";

/**
 * A worker's heartbeat: renews the leases it still holds and tells it, per run,
 * to carry on, to cancel (a user asked), or to abandon its copy (the lease is
 * stale: the job was reassigned or ended).
 */
export function heartbeat(
  db: Db,
  workerId: string,
  input: { leases: { runId: string; leaseToken: string }[]; gpus?: GpuInfo[] },
  opts: QueueOptions,
): { leases: { runId: string; action: LeaseAction }[] } {
  const sqlite = db.$client;
  const now = opts.now ?? Date.now();
  return sqlite.transaction(() => {
    requireWorker(db, workerId);
    sqlite
      .prepare("UPDATE workers SET last_seen_at = ?, state = 'active', gpus = coalesce(?, gpus) WHERE id = ?")
      .run(now, input.gpus ? JSON.stringify(input.gpus) : null, workerId);
    sweepExpiredLeases(db, now);
    const leases = input.leases.map(({ runId, leaseToken }) => {
      const job = sqlite
        .prepare("SELECT j.run_pk, j.state, j.lease_token, j.cancel_requested FROM jobs j JOIN runs r ON r.pk = j.run_pk WHERE r.id = ?")
        .get(runId) as { run_pk: number; state: string; lease_token: string | null; cancel_requested: number } | undefined;
      if (!job || job.state !== "leased" || job.lease_token !== leaseToken) return { runId, action: "abandon" as const };
      sqlite.prepare("UPDATE jobs SET lease_expires_at = ? WHERE run_pk = ?").run(now + opts.leaseMs, job.run_pk);
      return { runId, action: job.cancel_requested ? ("cancel" as const) : ("continue" as const) };
    });
    return { leases };
  })();
}

/** The worker started the process: the run becomes `running`. */
export function markJobStarted(db: Db, runId: string, leaseToken: string, info: { pid?: number; gpus?: number[] }, now = Date.now()) {
  const sqlite = db.$client;
  sqlite.transaction(() => {
    const { runPk, workerId } = requireLease(db, runId, leaseToken);
    const w = requireWorker(db, workerId);
    sqlite.prepare("UPDATE runs SET status = 'running', started_at = ?, updated_at = ? WHERE pk = ?").run(now, now, runPk);
    const gpus = info.gpus?.length ? `, GPUs ${info.gpus.join(",")}` : "";
    recordRunEvent(sqlite, runPk, "started", `started on ${w.host}${info.pid ? ` (pid ${info.pid}${gpus})` : gpus}`, now);
  })();
}

/** The process ended: exit code 0 → succeeded, otherwise failed with the stderr tail; canceled when a cancel was asked. */
export function finishLeasedJob(
  db: Db,
  runId: string,
  leaseToken: string,
  input: { exitCode: number | null; signal?: string | null; error?: string | null; canceled?: boolean },
  now = Date.now(),
) {
  const sqlite = db.$client;
  sqlite.transaction(() => {
    const { runPk } = requireLease(db, runId, leaseToken);
    const cancelRequested = Boolean(sqlite.prepare("SELECT cancel_requested FROM jobs WHERE run_pk = ?").pluck().get(runPk));
    const how = input.signal ? `killed by ${input.signal}` : `exit code ${input.exitCode}`;
    if (cancelRequested || input.canceled) endJob(sqlite, runPk, "canceled", input.exitCode, `canceled (${how})`, now);
    else if (input.exitCode === 0) endJob(sqlite, runPk, "succeeded", 0, `succeeded (${how})`, now);
    else endJob(sqlite, runPk, "failed", input.exitCode, `failed (${how})`, now, input.error || `failed (${how})`);
  })();
}

/** A stopping worker hands a job back: it is queued again without using up an attempt. */
export function releaseLease(db: Db, runId: string, leaseToken: string, now = Date.now()) {
  const sqlite = db.$client;
  sqlite.transaction(() => {
    const { runPk, workerId } = requireLease(db, runId, leaseToken);
    sqlite
      .prepare(
        "UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL, attempts = max(attempts - 1, 0) WHERE run_pk = ?",
      )
      .run(runPk);
    sqlite.prepare("UPDATE runs SET status = 'queued', worker_id = NULL, updated_at = ? WHERE pk = ?").run(now, runPk);
    recordRunEvent(sqlite, runPk, "requeued", `handed back by worker ${workerId}`, now);
    queueMicrotask(signalJobsAvailable);
  })();
}

/** Marks a worker stopped (a clean shutdown). */
export function stopWorker(db: Db, workerId: string, now = Date.now()) {
  requireWorker(db, workerId);
  db.$client.prepare("UPDATE workers SET state = 'stopped', last_seen_at = ? WHERE id = ?").run(now, workerId);
}

/**
 * Cancels a run: a queued one at once; a running one is flagged, and its worker
 * gets the request on its next heartbeat (SIGTERM, then SIGKILL after the grace period).
 * On a cluster pool the flag wakes the pools reconciler, which asks the
 * scheduler (scancel, Ray's stop); the run ends when the scheduler reports the job canceled.
 */
export function requestCancel(db: Db, runId: string, now = Date.now()): { status: string } {
  const sqlite = db.$client;
  return sqlite.transaction(() => {
    const run = requireRunRow(db, runId);
    const job = sqlite.prepare("SELECT state FROM jobs WHERE run_pk = ?").get(run.pk) as { state: string } | undefined;
    if (!job || job.state === "done") throw new ConflictError(`Run '${runId}' is not queued or running (status: ${run.status}); nothing to cancel.`);
    if (job.state === "queued") {
      endJob(sqlite, run.pk, "canceled", null, "canceled while queued", now);
      return { status: "canceled" };
    }
    sqlite.prepare("UPDATE jobs SET cancel_requested = 1 WHERE run_pk = ?").run(run.pk);
    if (job.state === "leased") {
      recordRunEvent(sqlite, run.pk, "cancel-requested", "cancel requested; the worker stops the process on its next heartbeat", now);
    } else {
      recordRunEvent(sqlite, run.pk, "cancel-requested", "cancel requested; Skillboard asks the pool's scheduler to stop the job", now);
      queueMicrotask(signalPoolWork);
    }
    return { status: run.status };
  })();
}
