import { SkillboardClient } from "../../sdk/ts/src/client";

/** One GPU as a worker reports it (the `gpus` of register and heartbeat). */
export interface GpuInfo {
  index: number;
  name: string;
  memoryTotalMiB: number;
  memoryUsedMiB: number;
  utilization: number;
}

/** A job the server leased to this worker. `argv` may hold `{{run_dir}}` inside its elements. */
export interface LeasedJob {
  runId: string;
  runName: string;
  leaseToken: string;
  leaseExpiresAt: number;
  argv: string[];
  env: Record<string, string>;
  cwd: string | null;
  resources: { gpus: number; [key: string]: unknown };
  attempt: number;
  maxAttempts: number;
  /** The job's SKILLBOARD_API_KEY: a token that writes only to this run, for this attempt (servers before job tokens send none). */
  jobToken?: string;
}

export type LeaseAction = "continue" | "cancel" | "abandon";

export interface LogChunk {
  stream: "stdout" | "stderr";
  text: string;
}

export interface MetricPoint {
  key: string;
  step: number;
  value: number;
  wallTime?: number;
}

export interface RegisterBody {
  id: string;
  host: string;
  pool: string;
  labels: string[];
  gpus: GpuInfo[];
  maxJobs: number;
}

export interface FinishBody {
  status: "succeeded" | "failed" | "canceled";
  exitCode: number | null;
  signal?: string | null;
  error?: string;
}

const enc = encodeURIComponent;

/** The worker side of REST v1: every call throws the client's `SkillboardHttpError` / `SkillboardNetworkError`. */
export class WorkerApi {
  constructor(readonly client: SkillboardClient) {}

  register(body: RegisterBody): Promise<{ id: string; leaseMs: number }> {
    return this.client.request("POST", "/workers", body);
  }

  /** Long-polls: the server answers as soon as a job fits, or `{job: null}` after `waitMs`. */
  async lease(workerId: string, freeGpus: number, waitMs = 0, signal?: AbortSignal): Promise<LeasedJob | null> {
    const body = { freeGpus, waitMs };
    return (await this.client.request<{ job: LeasedJob | null }>("POST", `/workers/${enc(workerId)}/lease`, body, undefined, { signal, timeoutMs: waitMs + 30_000 })).job;
  }

  heartbeat(
    workerId: string,
    leases: { runId: string; leaseToken: string }[],
    gpus?: GpuInfo[],
  ): Promise<{ leases: { runId: string; action: LeaseAction }[] }> {
    return this.client.request("POST", `/workers/${enc(workerId)}/heartbeat`, gpus ? { leases, gpus } : { leases });
  }

  stopWorker(workerId: string): Promise<unknown> {
    return this.client.request("POST", `/workers/${enc(workerId)}/stop`, {});
  }

  start(runId: string, body: { leaseToken: string; pid?: number; gpus?: number[] }): Promise<unknown> {
    return this.client.request("POST", `/runs/${enc(runId)}/start`, body);
  }

  appendLogs(runId: string, body: { batchId: string; leaseToken: string; chunks: LogChunk[] }): Promise<unknown> {
    return this.client.request("POST", `/runs/${enc(runId)}/logs`, body);
  }

  appendMetrics(runId: string, body: { batchId: string; leaseToken: string; points: MetricPoint[] }): Promise<unknown> {
    return this.client.request("POST", `/runs/${enc(runId)}/metrics`, body);
  }

  finish(runId: string, body: FinishBody & { leaseToken: string }): Promise<unknown> {
    return this.client.request("POST", `/runs/${enc(runId)}/finish`, body);
  }

  release(runId: string, leaseToken: string): Promise<unknown> {
    return this.client.request("POST", `/runs/${enc(runId)}/release`, { leaseToken });
  }
}
