import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { runs } from "./runs";

/**
 * `queued` → `leased` (a worker agent of a local pool holds it) → `done`; on a
 * scheduler pool (slurm, ray) `queued` → `submitting` → `submitted` (the
 * cluster's scheduler holds it, `schedulerId` names it there) → `done`.
 */
export const JOB_STATES = ["queued", "leased", "submitting", "submitted", "done"] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface JobResources {
  gpus: number;
  gpusPerNode?: number;
  nodes?: number;
  cpus?: number;
  memory?: string;
  timeLimit?: string;
}

/** The in-job wrapper's account of how the process ended; the scheduler's final state decides the run's. */
export interface JobExitReport {
  exitCode: number | null;
  signal: string | null;
  /** The wrapper itself was signalled (scancel, time limit, Ray stop) and stopped the process. */
  signaled: boolean;
  /** The end of stderr (for a failed run's error). */
  error: string | null;
  at: number;
}

/** The executable side of a launched run: what to start, where, and who holds the lease. */
export const jobs = sqliteTable(
  "jobs",
  {
    runPk: integer("run_pk").primaryKey().references(() => runs.pk, { onDelete: "cascade" }),
    pool: text("pool").notNull(),
    state: text("state").$type<JobState>().notNull(),
    argv: text("argv", { mode: "json" }).$type<string[]>().notNull(),
    env: text("env", { mode: "json" }).$type<Record<string, string>>().notNull(),
    cwd: text("cwd"),
    resources: text("resources", { mode: "json" }).$type<JobResources>().notNull(),
    leaseOwner: text("lease_owner"),
    leaseToken: text("lease_token"),
    leaseExpiresAt: integer("lease_expires_at"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(1),
    cancelRequested: integer("cancel_requested", { mode: "boolean" }).notNull().default(false),
    enqueuedAt: integer("enqueued_at").notNull(),
    /** Scheduler pools: the job's id in the scheduler (Slurm job id, Ray submission id). */
    schedulerId: text("scheduler_id"),
    /** The scheduler's own state word at the last poll (PENDING, RUNNING, TIMEOUT, …). */
    schedulerState: text("scheduler_state"),
    /** Why it is pending (Slurm's reason: Priority, Resources, …) or how it ended. */
    schedulerReason: text("scheduler_reason"),
    /** The nodes the job runs on (Slurm's node list, or the host the in-job wrapper reported). */
    nodes: text("nodes"),
    submittedAt: integer("submitted_at"),
    /** The submitted job script (Slurm) or entrypoint (Ray), with the API key hidden. */
    script: text("script"),
    /** What the in-job wrapper reported when the process exited: `{exitCode, signal, signaled, error, at}`. */
    exitReport: text("exit_report", { mode: "json" }).$type<JobExitReport>(),
    cancelSentAt: integer("cancel_sent_at"),
  },
  (t) => [index("jobs_pool_state_enqueued").on(t.pool, t.state, t.enqueuedAt), index("jobs_state_expiry").on(t.state, t.leaseExpiresAt)],
);

export interface GpuInfo {
  index: number;
  name: string;
  memoryTotalMiB: number;
  memoryUsedMiB: number;
  utilization: number;
}

/** A worker agent on a host; `lastSeenAt` is its last heartbeat. */
export const workers = sqliteTable("workers", {
  id: text("id").primaryKey(),
  host: text("host").notNull(),
  pool: text("pool").notNull(),
  labels: text("labels", { mode: "json" }).$type<string[]>().notNull(),
  gpus: text("gpus", { mode: "json" }).$type<GpuInfo[]>().notNull(),
  maxJobs: integer("max_jobs").notNull(),
  state: text("state").$type<"active" | "stopped">().notNull(),
  startedAt: integer("started_at").notNull(),
  lastSeenAt: integer("last_seen_at").notNull(),
});

/** The status timeline of a run: queued, leased by a worker, started on a host, ended, … */
export const runEvents = sqliteTable(
  "run_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    runPk: integer("run_pk").notNull().references(() => runs.pk, { onDelete: "cascade" }),
    at: integer("at").notNull(),
    kind: text("kind").notNull(),
    message: text("message").notNull(),
  },
  (t) => [index("run_events_run").on(t.runPk, t.at)],
);
