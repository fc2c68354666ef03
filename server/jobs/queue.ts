import { randomBytes } from "node:crypto";
import type Database from "better-sqlite3";
import type { Db } from "@/db";
import type { JobResources } from "@/db/schema";
import { AppError, NotFoundError } from "../errors";
import { requireRunRow } from "../runs/service";
import { recordRunEvent } from "./events";
import { signalJobsAvailable } from "./job-signal";
import { signalPoolWork } from "../pools/pool-signal";

export const DEFAULT_LEASE_MS = 30_000;

export interface QueueOptions {
  /** How long a lease lasts without a heartbeat. */
  leaseMs: number;
  now?: number;
}

export interface EnqueueInput {
  runPk: number;
  pool: string;
  argv: string[];
  env: Record<string, string>;
  cwd?: string | null;
  resources: JobResources;
  maxAttempts: number;
}

/** Adds the job of a freshly created (queued) run. Call inside the launch's transaction. */
export function enqueueJob(sqlite: Database.Database, job: EnqueueInput, now = Date.now()): void {
  sqlite
    .prepare(
      `INSERT INTO jobs (run_pk, pool, state, argv, env, cwd, resources, attempts, max_attempts, cancel_requested, enqueued_at)
       VALUES (?, ?, 'queued', ?, ?, ?, ?, 0, ?, 0, ?)`,
    )
    .run(job.runPk, job.pool, JSON.stringify(job.argv), JSON.stringify(job.env), job.cwd ?? null, JSON.stringify(job.resources), job.maxAttempts, now);
  recordRunEvent(sqlite, job.runPk, "queued", `queued on pool '${job.pool}'`, now);
  // Listeners run after the launch's transaction commits: they only retry their lease (or, on a cluster pool, submit).
  queueMicrotask(signalJobsAvailable);
  queueMicrotask(signalPoolWork);
}

export interface LeasedJob {
  runId: string;
  runName: string;
  leaseToken: string;
  leaseExpiresAt: number;
  argv: string[];
  env: Record<string, string>;
  cwd: string | null;
  resources: JobResources;
  attempt: number;
  maxAttempts: number;
}

interface JobRow {
  run_pk: number;
  run_id: string;
  run_name: string;
  argv: string;
  env: string;
  cwd: string | null;
  resources: string;
  attempts: number;
  max_attempts: number;
}

/**
 * Gives the worker the oldest queued job of its pool that fits its free GPUs,
 * or null. Atomic: the select and the update run in one SQLite transaction, so
 * no job is given to two workers.
 */
export function leaseNextJob(
  db: Db,
  workerId: string,
  fit: { pool: string; freeGpus: number },
  opts: QueueOptions,
): LeasedJob | null {
  const sqlite = db.$client;
  const now = opts.now ?? Date.now();
  return sqlite.transaction(() => {
    sweepExpiredLeases(db, now);
    const worker = sqlite.prepare("SELECT host FROM workers WHERE id = ?").get(workerId) as { host: string } | undefined;
    if (!worker) throw new NotFoundError("Worker", workerId);
    const row = sqlite
      .prepare(
        `SELECT j.run_pk, r.id AS run_id, r.name AS run_name, j.argv, j.env, j.cwd, j.resources, j.attempts, j.max_attempts
         FROM jobs j JOIN runs r ON r.pk = j.run_pk
         WHERE j.pool = ? AND j.state = 'queued' AND coalesce(json_extract(j.resources, '$.gpus'), 0) <= ?
         ORDER BY j.enqueued_at, j.run_pk LIMIT 1`,
      )
      .get(fit.pool, fit.freeGpus) as JobRow | undefined;
    if (!row) return null;
    const leaseToken = randomBytes(16).toString("hex");
    const leaseExpiresAt = now + opts.leaseMs;
    sqlite
      .prepare(
        `UPDATE jobs SET state = 'leased', lease_owner = ?, lease_token = ?, lease_expires_at = ?, attempts = attempts + 1
         WHERE run_pk = ? AND state = 'queued'`,
      )
      .run(workerId, leaseToken, leaseExpiresAt, row.run_pk);
    sqlite
      .prepare("UPDATE runs SET status = 'starting', worker_id = ?, updated_at = ? WHERE pk = ?")
      .run(workerId, now, row.run_pk);
    recordRunEvent(sqlite, row.run_pk, "leased", `leased by worker ${workerId} on ${worker.host} (attempt ${row.attempts + 1} of ${row.max_attempts})`, now);
    return {
      runId: row.run_id,
      runName: row.run_name,
      leaseToken,
      leaseExpiresAt,
      argv: JSON.parse(row.argv),
      env: JSON.parse(row.env),
      cwd: row.cwd,
      resources: JSON.parse(row.resources),
      attempt: row.attempts + 1,
      maxAttempts: row.max_attempts,
    };
  })();
}

/**
 * Ends leases whose worker stopped heartbeating: the run is queued again when
 * attempts remain under its retry policy, canceled when a cancel was pending,
 * and `lost` otherwise.
 */
export function sweepExpiredLeases(db: Db, now = Date.now()): number {
  const sqlite = db.$client;
  const expired = sqlite
    .prepare(
      `SELECT j.run_pk, j.lease_owner, j.attempts, j.max_attempts, j.cancel_requested FROM jobs j
       WHERE j.state = 'leased' AND j.lease_expires_at < ?`,
    )
    .all(now) as { run_pk: number; lease_owner: string; attempts: number; max_attempts: number; cancel_requested: number }[];
  for (const j of expired) {
    const reason = `the lease of worker ${j.lease_owner} expired (no heartbeat)`;
    if (j.cancel_requested) {
      endJob(sqlite, j.run_pk, "canceled", null, `canceled; ${reason}`, now);
    } else if (j.attempts < j.max_attempts) {
      sqlite
        .prepare("UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL WHERE run_pk = ?")
        .run(j.run_pk);
      sqlite.prepare("UPDATE runs SET status = 'queued', worker_id = NULL, updated_at = ? WHERE pk = ?").run(now, j.run_pk);
      recordRunEvent(sqlite, j.run_pk, "requeued", `${reason}; queued again (attempt ${j.attempts} of ${j.max_attempts} used)`, now);
      queueMicrotask(signalJobsAvailable);
    } else {
      endJob(sqlite, j.run_pk, "lost", null, `lost: ${reason}`, now);
    }
  }
  return expired.length;
}

/**
 * At server start: every lease still held gets at least a full lease period from now. Its worker
 * could not heartbeat while the server was down, so an outage as long as a lease would otherwise
 * end every running job the moment the server is back, while the jobs ran on. A worker that died
 * meanwhile misses the heartbeats after the start instead, and its lease ends one period later.
 */
export function renewLeasesAtStart(db: Db, leaseMs: number, now = Date.now()): number {
  return db.$client.prepare("UPDATE jobs SET lease_expires_at = ? WHERE state = 'leased' AND lease_expires_at < ?").run(now + leaseMs, now + leaseMs).changes;
}

/** Marks the job done and the run ended with a final status. */
export function endJob(
  sqlite: Database.Database,
  runPk: number,
  status: "succeeded" | "failed" | "canceled" | "lost",
  exitCode: number | null,
  message: string,
  now = Date.now(),
  error: string | null = status === "succeeded" ? null : message,
): void {
  sqlite.prepare("UPDATE jobs SET state = 'done', lease_token = NULL, lease_expires_at = NULL WHERE run_pk = ?").run(runPk);
  sqlite
    .prepare(
      `UPDATE runs SET status = ?, exit_code = ?, error = ?, ended_at = ?, updated_at = ?, started_at = coalesce(started_at, ?)
       WHERE pk = ?`,
    )
    .run(status, exitCode, error, now, now, now, runPk);
  recordRunEvent(sqlite, runPk, status, message, now);
}

export class StaleLeaseError extends AppError {
  constructor(runId: string) {
    super(409, "stale_lease", `Lease token for run '${runId}' is stale: the job was reassigned or has ended. Stop this copy of the run.`);
  }
}

/** Throws unless `token` is the run's current lease token. Every write from a worker goes through this. */
export function requireLease(db: Db, runId: string, token: string): { runPk: number; workerId: string } {
  const run = requireRunRow(db, runId);
  const job = db.$client.prepare("SELECT state, lease_token, lease_owner FROM jobs WHERE run_pk = ?").get(run.pk) as
    | { state: string; lease_token: string | null; lease_owner: string }
    | undefined;
  if (!job || job.state !== "leased" || job.lease_token !== token) throw new StaleLeaseError(runId);
  return { runPk: run.pk, workerId: job.lease_owner };
}
