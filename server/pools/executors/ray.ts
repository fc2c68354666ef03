import fs from "node:fs";
import path from "node:path";
import type { RayPoolConfig } from "@/server/pools/config";
import { shJoin } from "./command";
import { HIDDEN_KEY, jobNameFor, SchedulerUnreachableError, submissionIdFor, SubmitError, type Executor, type ExecutorJob, type PoolClusterStatus, type SchedulerPhase, type SchedulerStatus, type Submission } from "./executor";
import { describeRayCluster } from "./ray-cluster-status";
import { rayHttpRequest, RayResponseTooLargeError } from "./ray-http";
import { PackageError, packWorkingDir } from "./ray-package";
import { wrapperArgv } from "./wrapper-command";


export interface RayExecutorOptions {
  workDir: string;
  repoDir: string;
  skillboard: readonly string[];
  timeoutMs?: number;
}

/** The most of a job's log read at once (Ray's Jobs API answers all of it). */
export const MAX_JOB_LOG_BYTES = 4 * 1024 * 1024;
/** Lines asked from Ray's state API when the log is longer than that. */
const TAIL_LINES = 500;

/** Ray's JobStatus in Skillboard's words. */
const PHASES: Record<string, SchedulerPhase> = {
  PENDING: "queued",
  RUNNING: "running",
  STOPPED: "canceled",
  SUCCEEDED: "succeeded",
  FAILED: "failed",
};

/** The part of Ray's JobDetails the executor reads (GET /api/jobs/{id}). */
interface RayJobDetails {
  status: string;
  message?: string | null;
  error_type?: string | null;
  driver_exit_code?: number | null;
  driver_node_id?: string | null;
  driver_info?: { node_ip_address?: string | null } | null;
}

class RayHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Hands runs to a Ray cluster through the Ray Jobs REST API: `POST /api/jobs/`
 * with the run's id as `submission_id` (so a repeated submission is refused by
 * Ray itself and adopted), `GET /api/jobs/{id}` per job, `GET …/logs`,
 * `POST …/stop`. The entrypoint is the in-job wrapper around the recipe's argv.
 */
export class RayExecutor implements Executor {
  readonly type = "ray" as const;
  readonly pulledByWorkers = false;
  private readonly base: string;
  /** Node id → address, from Ray's node list. */
  private readonly nodeAddresses = new Map<string, string>();

  constructor(
    readonly pool: RayPoolConfig,
    private readonly opts: RayExecutorOptions,
  ) {
    this.base = pool.address.replace(/\/+$/, "");
  }

  async submit(job: ExecutorJob): Promise<Submission> {
    const submissionId = submissionIdFor(job.runId, job.attempt);
    const runDir = path.posix.join(this.opts.workDir, job.runId);
    const { env_vars: poolEnvVars, ...runtimeEnv } = this.pool.runtimeEnv;
    const inJobDir = typeof runtimeEnv.working_dir === "string";
    const entrypoint = shJoin(wrapperArgv(job, { runDir, repoDir: this.opts.repoDir, skillboard: this.opts.skillboard, inJobDir }));
    const envVars = (token: string) => ({
      ...poolEnvVars,
      ...this.pool.env,
      ...job.env,
      SKILLBOARD_URL: job.serverUrl,
      SKILLBOARD_API_KEY: token,
      // The wrapper names its job in its reports; Ray sets no variable with the submission id.
      SKILLBOARD_SCHEDULER_JOB_ID: submissionId,
    });
    const body = (token: string, workingDir = runtimeEnv.working_dir) => ({
      entrypoint,
      submission_id: submissionId,
      runtime_env: { ...runtimeEnv, ...(workingDir === undefined ? {} : { working_dir: workingDir }), env_vars: envVars(token) },
      metadata: { skillboard_run: job.runId, skillboard_name: jobNameFor(job.runId, job.attempt), skillboard_pool: job.pool, skillboard_attempt: String(job.attempt) },
      ...(job.resources.gpus ? { entrypoint_num_gpus: job.resources.gpus } : {}),
      ...(job.resources.cpus ? { entrypoint_num_cpus: job.resources.cpus } : {}),
      ...(job.resources.memory ? { entrypoint_memory: memoryBytes(job.resources.memory) } : {}),
    });
    const show = (workingDir?: string) => `POST ${this.base}/api/jobs/\n${JSON.stringify(body(HIDDEN_KEY, workingDir), null, 2)}\n`;
    let shown = show();
    fs.mkdirSync(job.serverRunDir, { recursive: true });
    fs.writeFileSync(path.join(job.serverRunDir, "ray-job.json"), shown);
    try {
      const workingDir = await this.workingDirUri();
      if (workingDir !== runtimeEnv.working_dir) {
        shown = `# working_dir ${runtimeEnv.working_dir} uploaded as ${workingDir}\n${show(workingDir)}`;
        fs.writeFileSync(path.join(job.serverRunDir, "ray-job.json"), shown);
      }
      const res = await this.request<{ job_id?: string; submission_id: string }>("POST", "/api/jobs/", body(job.apiKey, workingDir));
      return { schedulerId: res.submission_id ?? submissionId, script: shown };
    } catch (error) {
      if (error instanceof PackageError) throw new SubmitError(error.message, true);
      // Ray refuses a submission_id it already has: an earlier, interrupted submission. Adopt it. (Ray 2.x answers
      // HTTP 500 with the job agent's "400 … ValueError: Job with submission_id … already exists" inside.)
      if (error instanceof RayHttpError && /submission_id \S+ already exists/i.test(error.message)) {
        return { schedulerId: submissionId, script: shown, adopted: true };
      }
      if (error instanceof RayHttpError && (error.status === 401 || error.status === 403)) {
        throw new SubmitError(`Ray at ${this.base} refused the pool's credentials (${error.message}); check the pool's headers`, false);
      }
      if (error instanceof RayHttpError && error.status >= 400 && error.status < 500) throw new SubmitError(`Ray refused the job: ${error.message}`, true);
      throw new SubmitError(`cannot submit to Ray at ${this.base}: ${(error as Error).message}`, false);
    }
  }

  /**
   * The pool's `working_dir` as the job gets it: a local directory is packed and
   * uploaded (once per content) and becomes its `gcs://` URI; a URI is passed as is.
   */
  private async workingDirUri(): Promise<string | undefined> {
    const dir = this.pool.runtimeEnv.working_dir;
    if (dir === undefined || /^[a-z][a-z0-9+.-]*:\/\//i.test(dir)) return dir;
    const pkg = packWorkingDir(dir);
    const where = `/api/packages/gcs/${pkg.name}`;
    const known = await this.request("GET", where, undefined, { raw: true }).then(
      () => true,
      (error) => {
        if (error instanceof RayHttpError && error.status === 404) return false;
        throw error;
      },
    );
    if (!known) await this.request("PUT", where, pkg.zip, { raw: true });
    return pkg.uri;
  }

  async poll(ids: readonly string[]): Promise<Map<string, SchedulerStatus>> {
    const out = new Map<string, SchedulerStatus>();
    let failure: Error | undefined;
    await Promise.all(
      ids.map(async (id) => {
        try {
          const d = await this.request<RayJobDetails>("GET", `/api/jobs/${encodeURIComponent(id)}`);
          out.set(id, rayStatus(d));
        } catch (error) {
          if (error instanceof RayHttpError && error.status === 404) return; // Ray does not know it
          failure ??= error as Error;
        }
      }),
    );
    // A cluster that did not answer says nothing about the jobs: no run is declared lost on this poll.
    if (failure instanceof SchedulerUnreachableError) throw new SchedulerUnreachableError(`Ray at ${this.base}: ${failure.message}`);
    if (failure) throw new Error(`Ray at ${this.base}: ${failure.message}`);
    await this.nameNodes(out);
    return out;
  }

  /** Ray names a job's node by its id (driver_info is often empty): the node's address reads better. */
  private async nameNodes(statuses: Map<string, SchedulerStatus>): Promise<void> {
    const unnamed = [...statuses.values()].filter((s) => s.nodes && /^[0-9a-f]{40,}$/.test(s.nodes));
    if (!unnamed.length) return;
    const missing = unnamed.some((s) => !this.nodeAddresses.has(s.nodes!));
    if (missing) {
      try {
        const res = await this.request<{ data: { result: { result: { node_id: string; node_ip: string }[] } } }>("GET", "/api/v0/nodes?detail=false&limit=1000");
        for (const n of res.data.result.result) this.nodeAddresses.set(n.node_id, n.node_ip);
      } catch {
        return; // the id is shown instead
      }
    }
    for (const s of unnamed) s.nodes = this.nodeAddresses.get(s.nodes!) ?? s.nodes;
  }

  async cancel(id: string): Promise<void> {
    try {
      await this.request<{ stopped: boolean }>("POST", `/api/jobs/${encodeURIComponent(id)}/stop`);
    } catch (error) {
      if (error instanceof RayHttpError && error.status === 404) return;
      throw error;
    }
  }

  /**
   * The end of the job's output. Ray's Jobs API answers the whole log: it is read up to
   * MAX_JOB_LOG_BYTES, and a longer log is read from its end through Ray's state API instead.
   */
  async logs(id: string, opts: { tailBytes?: number } = {}): Promise<string> {
    const tailBytes = opts.tailBytes ?? 16_384;
    try {
      const { logs } = await this.request<{ logs: string }>("GET", `/api/jobs/${encodeURIComponent(id)}/logs`, undefined, { maxBytes: MAX_JOB_LOG_BYTES });
      return (logs ?? "").slice(-tailBytes);
    } catch (error) {
      if (error instanceof RayResponseTooLargeError) return this.logTail(id, tailBytes);
      return "";
    }
  }

  /** The end of a job's driver log from Ray's state API (its last lines, read within a byte bound), for logs too long to fetch whole. */
  private async logTail(id: string, tailBytes: number): Promise<string> {
    try {
      const query = new URLSearchParams({ submission_id: id, lines: String(TAIL_LINES) });
      const text = await this.request<string>("GET", `/api/v0/logs/file?${query}`, undefined, { raw: true, maxBytes: MAX_JOB_LOG_BYTES });
      return text.slice(-tailBytes);
    } catch {
      return "";
    }
  }

  async describe(): Promise<PoolClusterStatus> {
    return describeRayCluster(this.base, <T>(pathname: string) => this.request<T>("GET", pathname));
  }

  private async request<T>(method: string, pathname: string, body?: unknown, opts: { raw?: boolean; maxBytes?: number } = {}): Promise<T> {
    const res = await rayHttpRequest(`${this.base}${pathname}`, {
      method,
      headers: { ...this.pool.headers, ...(body === undefined ? {} : { "content-type": opts.raw ? "application/octet-stream" : "application/json" }) },
      body: body === undefined ? undefined : opts.raw ? (body as Buffer) : JSON.stringify(body),
      timeoutMs: this.opts.timeoutMs ?? 30_000,
      maxResponseBytes: opts.maxBytes,
    });
    if (res.status < 200 || res.status >= 300) throw new RayHttpError(res.status, `HTTP ${res.status}: ${errorLine(res.text)}`);
    if (opts.raw) return res.text as T;
    try {
      return JSON.parse(res.text) as T;
    } catch {
      throw new Error(`HTTP ${res.status}: not JSON: ${res.text.slice(0, 200)}`);
    }
  }
}

/** Ray answers an error with a Python traceback (ending in "." when wrapped): its last `…Error: message` line says it. */
function errorLine(text: string): string {
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l && l !== ".");
  const error = lines.findLast((l) => /^[\w.]*(Error|Exception): /.test(l));
  return (error ?? lines.at(-1) ?? "").slice(0, 500);
}

/** Ray's JobStatus word in Skillboard's words; unknown words are taken as running (they are never final). */
export function rayPhase(state: string): SchedulerPhase {
  return PHASES[state] ?? "running";
}

export function rayStatus(d: RayJobDetails): SchedulerStatus {
  const state = String(d.status ?? "").toUpperCase();
  return {
    phase: rayPhase(state),
    state,
    reason: d.message?.trim() ? d.message.trim().slice(0, 2000) : null,
    nodes: d.driver_info?.node_ip_address ?? d.driver_node_id ?? null,
    exitCode: d.driver_exit_code ?? null,
  };
}

/** `64G` / `512M` / `1024` (MiB, as Slurm reads it) → bytes for Ray's entrypoint_memory. */
export function memoryBytes(memory: string): number {
  const m = memory.trim().match(/^(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?$/i);
  if (!m) throw new SubmitError(`resources.memory: '${memory}' is not a size such as 64G or 512M`, true);
  const unit = { "": 2 ** 20, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 }[m[2].toUpperCase() as "" | "K" | "M" | "G" | "T"];
  return Math.round(Number(m[1]) * unit);
}
