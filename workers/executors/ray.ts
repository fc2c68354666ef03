import fs from "node:fs";
import path from "node:path";
import type { RayPoolConfig } from "@/server/pools/config";
import { shJoin } from "./command";
import { HIDDEN_KEY, jobNameFor, submissionIdFor, SubmitError, type Executor, type ExecutorJob, type PoolClusterStatus, type SchedulerPhase, type SchedulerStatus, type Submission } from "./executor";
import { wrapperArgv } from "./wrapper-command";

export interface RayExecutorOptions {
  workDir: string;
  repoDir: string;
  skillboard: readonly string[];
  fetch?: typeof fetch;
  timeoutMs?: number;
}

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
  private readonly fetch: typeof fetch;

  constructor(
    readonly pool: RayPoolConfig,
    private readonly opts: RayExecutorOptions,
  ) {
    this.base = pool.address.replace(/\/+$/, "");
    this.fetch = opts.fetch ?? fetch;
  }

  async submit(job: ExecutorJob): Promise<Submission> {
    const submissionId = submissionIdFor(job.runId, job.attempt);
    const runDir = path.posix.join(this.opts.workDir, job.runId);
    const entrypoint = shJoin(wrapperArgv(job, { runDir, repoDir: this.opts.repoDir, skillboard: this.opts.skillboard }));
    const runtimeEnv = { ...this.pool.runtimeEnv } as Record<string, unknown>;
    const envVars = (key: string) => ({
      ...((this.pool.runtimeEnv.env_vars as Record<string, string> | undefined) ?? {}),
      ...this.pool.env,
      ...job.env,
      SKILLBOARD_URL: job.serverUrl,
      SKILLBOARD_API_KEY: key,
      // The wrapper names its job in its reports; Ray sets no variable with the submission id.
      SKILLBOARD_SCHEDULER_JOB_ID: submissionId,
    });
    const body = (key: string) => ({
      entrypoint,
      submission_id: submissionId,
      runtime_env: { ...runtimeEnv, env_vars: envVars(key) },
      metadata: { skillboard_run: job.runId, skillboard_name: jobNameFor(job.runId, job.attempt), skillboard_pool: job.pool, skillboard_attempt: String(job.attempt) },
      ...(job.resources.gpus ? { entrypoint_num_gpus: job.resources.gpus } : {}),
      ...(job.resources.cpus ? { entrypoint_num_cpus: job.resources.cpus } : {}),
      ...(job.resources.memory ? { entrypoint_memory: memoryBytes(job.resources.memory) } : {}),
    });
    const shown = `POST ${this.base}/api/jobs/\n${JSON.stringify(body(HIDDEN_KEY), null, 2)}\n`;
    fs.mkdirSync(job.serverRunDir, { recursive: true });
    fs.writeFileSync(path.join(job.serverRunDir, "ray-job.json"), shown);
    try {
      const res = await this.request<{ job_id?: string; submission_id: string }>("POST", "/api/jobs/", body(job.apiKey));
      return { schedulerId: res.submission_id ?? submissionId, script: shown };
    } catch (error) {
      // Ray refuses a submission_id it already has (400 "… already exists"): an earlier, interrupted submission. Adopt it.
      if (error instanceof RayHttpError && error.status === 400 && /already exists/i.test(error.message)) {
        return { schedulerId: submissionId, script: shown, adopted: true };
      }
      if (error instanceof RayHttpError && error.status >= 400 && error.status < 500) throw new SubmitError(`Ray refused the job: ${error.message}`, true);
      throw new SubmitError(`cannot submit to Ray at ${this.base}: ${(error as Error).message}`, false);
    }
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
    // A cluster that did not answer says nothing about the jobs: no run may be declared lost on it.
    if (failure) throw new Error(`Ray at ${this.base}: ${failure.message}`);
    return out;
  }

  async cancel(id: string): Promise<void> {
    try {
      await this.request<{ stopped: boolean }>("POST", `/api/jobs/${encodeURIComponent(id)}/stop`);
    } catch (error) {
      if (error instanceof RayHttpError && error.status === 404) return;
      throw error;
    }
  }

  async logs(id: string, opts: { tailBytes?: number } = {}): Promise<string> {
    try {
      const { logs } = await this.request<{ logs: string }>("GET", `/api/jobs/${encodeURIComponent(id)}/logs`);
      return (logs ?? "").slice(-(opts.tailBytes ?? 16_384));
    } catch {
      return "";
    }
  }

  async describe(): Promise<PoolClusterStatus> {
    try {
      const v = await this.request<{ version?: string; ray_version?: string }>("GET", "/api/version");
      return { reachable: true, summary: `Ray ${v.ray_version ?? "?"} (Jobs API ${v.version ?? "?"}) at ${this.base}` };
    } catch (error) {
      return { reachable: false, error: `Ray at ${this.base}: ${(error as Error).message}` };
    }
  }

  private async request<T>(method: string, pathname: string, body?: unknown): Promise<T> {
    const res = await this.fetch(`${this.base}${pathname}`, {
      method,
      headers: { ...this.pool.headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
    });
    const text = await res.text();
    if (!res.ok) throw new RayHttpError(res.status, `HTTP ${res.status}: ${text.trim().split("\n").slice(-1)[0]?.slice(0, 500) ?? ""}`);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new Error(`HTTP ${res.status}: not JSON: ${text.slice(0, 200)}`);
    }
  }
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
