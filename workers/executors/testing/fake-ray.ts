import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * An HTTP server that answers as Ray's documented Jobs REST API does
 * (docs.ray.io, "Ray Jobs REST API" and its OpenAPI specification), for the
 * Ray executor's tests: Ray itself cannot be installed here. It runs each
 * entrypoint for real with `bash -c` (as Ray's job supervisor does), with the
 * runtime_env's env_vars, once `entrypoint_num_gpus` fit its GPUs.
 *
 *   POST /api/jobs/                     → {job_id, submission_id}; 400 (text) for a bad request or a submission_id in use
 *   GET  /api/jobs/                     → [JobDetails…]
 *   GET  /api/jobs/{id}                 → JobDetails; 404 "Job {id} does not exist"
 *   GET  /api/jobs/{id}/logs            → {logs}
 *   POST /api/jobs/{id}/stop            → {stopped}
 *   GET  /api/version                   → {version, ray_version, ray_commit, session_name}
 */

interface FakeJob {
  submission_id: string;
  job_id: string;
  entrypoint: string;
  status: "PENDING" | "RUNNING" | "STOPPED" | "SUCCEEDED" | "FAILED";
  message: string;
  error_type: string | null;
  start_time: number;
  end_time: number | null;
  metadata: Record<string, string>;
  runtime_env: Record<string, unknown>;
  entrypoint_num_cpus: number | null;
  entrypoint_num_gpus: number | null;
  entrypoint_memory: number | null;
  entrypoint_resources: Record<string, number> | null;
  driver_exit_code: number | null;
  logs: string;
  proc?: ChildProcess;
  stopRequested?: boolean;
}

const PENDING_MESSAGE =
  "Job has not started yet. It may be waiting for resources (CPUs, GPUs, memory, custom resources) to become available. It may be waiting for the runtime environment to be set up.";

export class FakeRayCluster {
  readonly jobs = new Map<string, FakeJob>();
  /** Every request, in order: `METHOD /path`. */
  readonly requests: string[] = [];
  /** The Authorization header of every request. */
  readonly authorizations: (string | undefined)[] = [];
  /** The JSON bodies of the submissions. */
  readonly submissions: Record<string, unknown>[] = [];
  private server?: http.Server;
  private seq = 0;
  port = 0;

  constructor(private readonly opts: { gpus?: number; pendingMs?: number; env?: NodeJS.ProcessEnv } = {}) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Stops answering (the jobs keep running, as on a cluster whose dashboard is away). */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Kills what is still running. */
  async destroy(): Promise<void> {
    for (const job of this.jobs.values()) if (job.proc?.pid) killGroup(job.proc.pid, "SIGKILL");
    await this.stop();
  }

  /** Drops a job from the cluster's memory (a restarted head node): it answers 404 from then on. */
  forget(id: string): void {
    const job = this.jobs.get(id);
    if (job?.proc?.pid) killGroup(job.proc.pid, "SIGKILL");
    this.jobs.delete(id);
  }

  private freeGpus(): number {
    let used = 0;
    for (const j of this.jobs.values()) if (j.status === "RUNNING") used += j.entrypoint_num_gpus ?? 0;
    return (this.opts.gpus ?? 4) - used;
  }

  private schedule(): void {
    for (const job of this.jobs.values()) {
      if (job.status !== "PENDING" || job.stopRequested) continue;
      if ((job.entrypoint_num_gpus ?? 0) > this.freeGpus()) continue;
      if (Date.now() - job.start_time < (this.opts.pendingMs ?? 300)) {
        setTimeout(() => this.schedule(), this.opts.pendingMs ?? 300).unref();
        continue;
      }
      this.run(job);
    }
  }

  private run(job: FakeJob): void {
    const envVars = ((job.runtime_env.env_vars as Record<string, string>) ?? {}) as Record<string, string>;
    const proc = spawn("bash", ["-c", job.entrypoint], { env: { ...process.env, ...this.opts.env, ...envVars }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    job.proc = proc;
    job.status = "RUNNING";
    job.message = "Job is currently running.";
    proc.stdout!.on("data", (d) => (job.logs += d));
    proc.stderr!.on("data", (d) => (job.logs += d));
    proc.on("close", (code, signal) => {
      job.end_time = Date.now();
      job.driver_exit_code = code;
      if (job.stopRequested) {
        job.status = "STOPPED";
        job.message = "Job was intentionally stopped.";
      } else if (code === 0) {
        job.status = "SUCCEEDED";
        job.message = "Job finished successfully.";
      } else {
        job.status = "FAILED";
        job.error_type = "JOB_ENTRYPOINT_COMMAND_ERROR";
        job.message = `Job entrypoint command failed with exit code ${code ?? signal}, last available logs (truncated to 20,000 chars):\n${job.logs.slice(-20_000)}`;
      }
      this.schedule();
    });
  }

  private details(job: FakeJob) {
    const { proc: _proc, logs: _logs, stopRequested: _stop, ...rest } = job;
    return {
      type: "SUBMISSION",
      ...rest,
      driver_info: job.status === "PENDING" ? null : { id: job.job_id, node_ip_address: "127.0.0.1", pid: String(job.proc?.pid ?? "") },
      driver_agent_http_address: job.status === "PENDING" ? null : "http://127.0.0.1:52365",
      driver_node_id: job.status === "PENDING" ? null : "fake-node-0",
    };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://x");
    this.requests.push(`${req.method} ${url.pathname}`);
    this.authorizations.push(req.headers.authorization);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const text = (status: number, body: string) => {
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(body);
    };
    const m = url.pathname.match(/^\/api\/jobs\/([^/]+)(\/logs|\/stop)?$/);
    if (req.method === "GET" && url.pathname === "/api/version") return json(200, { version: "3", ray_version: "2.40.0", ray_commit: "fake", session_name: "session_fake" });
    if (req.method === "POST" && url.pathname === "/api/jobs/") {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return text(400, "Failed to parse request body as JSON.");
      }
      if (typeof body.entrypoint !== "string") return text(400, "TypeError: entrypoint must be a string, got " + typeof body.entrypoint);
      for (const k of ["entrypoint_num_cpus", "entrypoint_num_gpus"]) {
        if (body[k] != null && (typeof body[k] !== "number" || (body[k] as number) < 0)) return text(400, `TypeError: ${k} must be a number >= 0`);
      }
      if (body.metadata != null && Object.values(body.metadata as object).some((v) => typeof v !== "string")) return text(400, "TypeError: metadata must be a dict of strings");
      const id = (body.submission_id as string | undefined) ?? `raysubmit_${(++this.seq).toString(36)}`;
      if (this.jobs.has(id)) return text(400, `Traceback (most recent call last):\nValueError: Job with submission_id ${id} already exists. Please use a different submission_id.`);
      this.submissions.push(body);
      this.jobs.set(id, {
        submission_id: id,
        job_id: `0${(++this.seq).toString(16).padStart(7, "0")}`,
        entrypoint: body.entrypoint,
        status: "PENDING",
        message: PENDING_MESSAGE,
        error_type: null,
        start_time: Date.now(),
        end_time: null,
        metadata: (body.metadata as Record<string, string>) ?? {},
        runtime_env: (body.runtime_env as Record<string, unknown>) ?? {},
        entrypoint_num_cpus: (body.entrypoint_num_cpus as number) ?? null,
        entrypoint_num_gpus: (body.entrypoint_num_gpus as number) ?? null,
        entrypoint_memory: (body.entrypoint_memory as number) ?? null,
        entrypoint_resources: (body.entrypoint_resources as Record<string, number>) ?? null,
        driver_exit_code: null,
        logs: "",
      });
      this.schedule();
      return json(200, { job_id: id, submission_id: id });
    }
    if (req.method === "GET" && url.pathname === "/api/jobs/") return json(200, [...this.jobs.values()].map((j) => this.details(j)));
    if (!m) return text(404, "Not Found");
    const id = decodeURIComponent(m[1]);
    const job = this.jobs.get(id);
    if (!job) return text(404, `Job ${id} does not exist`);
    if (req.method === "GET" && !m[2]) return json(200, this.details(job));
    if (req.method === "GET" && m[2] === "/logs") return json(200, { logs: job.logs });
    if (req.method === "POST" && m[2] === "/stop") {
      if (job.status === "SUCCEEDED" || job.status === "FAILED" || job.status === "STOPPED") return json(200, { stopped: false });
      job.stopRequested = true;
      if (job.status === "PENDING") {
        job.status = "STOPPED";
        job.message = "Job was intentionally stopped.";
        job.end_time = Date.now();
      } else if (job.proc?.pid) {
        const pid = job.proc.pid;
        killGroup(pid, "SIGTERM");
        setTimeout(() => killGroup(pid, "SIGKILL"), 3_000).unref(); // Ray waits RAY_JOB_STOP_WAIT_TIME_S (3 s), then kills
      }
      return json(200, { stopped: true });
    }
    return text(405, "Method Not Allowed");
  }
}

function killGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // gone
  }
}
