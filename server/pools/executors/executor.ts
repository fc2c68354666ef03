import type { JobResources } from "@/db/schema";

/**
 * One interface for every pool: the server hands a launched run's job to the
 * pool's executor (`submit`), asks it where its jobs stand (`poll`, one call
 * for all of them), stops one (`cancel`) and reads what the scheduler kept of
 * its output (`logs`). One small file per executor: `local.ts`, `slurm.ts`, `ray.ts`.
 */
export interface Executor {
  readonly type: PoolType;
  /**
   * Worker agents pull this pool's jobs from Skillboard's queue themselves
   * (the local pool): the server has nothing to submit or poll, and its
   * reconciler leaves the pool alone.
   */
  readonly pulledByWorkers: boolean;
  submit(job: ExecutorJob): Promise<Submission>;
  /** The state of each job the scheduler still knows, keyed by scheduler id; an id missing from the map is unknown to it. */
  poll(schedulerIds: readonly string[]): Promise<Map<string, SchedulerStatus>>;
  cancel(schedulerId: string): Promise<void>;
  /** The end of the job's output as the scheduler kept it (Slurm's output file, Ray's job logs); "" when there is none. */
  logs(schedulerId: string, opts?: { tailBytes?: number }): Promise<string>;
  /** What the cluster looks like, for /hosts. */
  describe(): Promise<PoolClusterStatus>;
}

export type PoolType = "local" | "slurm" | "ray";

/** A job as the server hands it to an executor. `argv` and `cwd` may hold `{{run_dir}}`. */
export interface ExecutorJob {
  runId: string;
  runName: string;
  pool: string;
  argv: string[];
  env: Record<string, string>;
  cwd: string | null;
  resources: JobResources;
  attempt: number;
  /** Where the server keeps the run's files (the job script goes here). */
  serverRunDir: string;
  /** What the job is told to reach the server with (SKILLBOARD_URL / SKILLBOARD_API_KEY): a job token for this run and attempt. */
  serverUrl: string;
  apiKey: string;
  /**
   * The server stopped while submitting this job: it may already be in the
   * scheduler. The executor looks for it first and adopts it rather than
   * submitting it a second time.
   */
  maybeSubmitted: boolean;
}

export interface Submission {
  schedulerId: string;
  /** The job script (Slurm) or entrypoint (Ray) as submitted, the API key hidden. */
  script: string;
  /** Found in the scheduler from an earlier, interrupted submission; nothing new was submitted. */
  adopted?: boolean;
}

/**
 * Where a job stands, in Skillboard's words (`phase`) and the scheduler's own
 * (`state`, `reason`). `requeued`: the scheduler will run it again
 * (Slurm REQUEUED); `preempted`: it stopped for good and Skillboard submits it again.
 */
export type SchedulerPhase = "queued" | "starting" | "running" | "requeued" | "preempted" | "succeeded" | "failed" | "canceled";

export interface SchedulerStatus {
  phase: SchedulerPhase;
  /** The scheduler's state word: PENDING, RUNNING, TIMEOUT, SUCCEEDED, … */
  state: string;
  /** Pending reason (Priority, Resources, …) or why it ended (NonZeroExitCode, TimeLimit, Ray's message). */
  reason: string | null;
  nodes: string | null;
  exitCode: number | null;
  /** Killed by this signal number (Slurm's ExitCode=0:15). */
  signal?: number | null;
}

/** A submission the scheduler refused (`permanent`: the run fails with `message`) or that could not be made now (retried). */
export class SubmitError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = "SubmitError";
  }
}

/** The scheduler could not be reached at all (no answer, not an error answer): a `poll` that throws it says the cluster may be down. */
export class SchedulerUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SchedulerUnreachableError";
  }
}

export interface PoolClusterStatus {
  reachable: boolean;
  /** Why it could not be read, when not reachable. */
  error?: string;
  /** One line about the cluster: "Ray 2.40.0", "Slurm 22.05.8", … */
  summary?: string;
  /** Slurm: the partition's nodes. */
  nodes?: { name: string; state: string; cpus: string; gpus: string; gpusUsed: string }[];
  /** Local: the worker agents. */
  workers?: { id: string; host: string; state: string; gpus: number; runs: number }[];
  /** Ray: cluster resources when the dashboard reports them. */
  resources?: Record<string, string>;
}

/** What the job's token (its SKILLBOARD_API_KEY) shows as in the stored copy of a job script or submission. */
export const HIDDEN_KEY = "<hidden: the job token of this run>";

/**
 * The scheduler's name for a run's job: `sb-<run id>`, and `sb-<run id>.<n>`
 * for attempt n > 1, so looking a run's job up by name (after an interrupted
 * submission) never finds an earlier attempt's. Ray's submission id is the
 * run id (`<run id>.<n>` for later attempts).
 */
export const jobNameFor = (runId: string, attempt = 1) => `sb-${runId}${attempt > 1 ? `.${attempt}` : ""}`;
export const submissionIdFor = (runId: string, attempt = 1) => `${runId}${attempt > 1 ? `.${attempt}` : ""}`;
