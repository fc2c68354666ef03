import os from "node:os";
import path from "node:path";
import { SkillboardClient, SkillboardHttpError, isRetryable } from "../../sdk/ts/src/client";
import { detectGpus, parseGpuSpec, selectGpus, type GpuSpec } from "./gpus";
import { GpuSlots } from "./gpu-slots";
import { allowedWorkerEnv, parsePassEnv, PASS_ENV_VARIABLE } from "./job-env";
import { JobRun, type JobRunContext } from "./job-run";
import { WorkerApi, type GpuInfo, type LeasedJob } from "./worker-api";

export type OnStop = "wait" | "handback";

export interface WorkerOptions {
  /** Server base URL. */
  url: string;
  /** The worker's API key (role `worker`): it leases, heartbeats and reports. Runs never get it: each gets its job token. */
  apiKey?: string;
  /** Default `local`. */
  pool?: string;
  /** `auto` (every GPU nvidia-smi finds), `none`, or indices such as `0,1`. Default `auto`. */
  gpus?: string | GpuSpec;
  /** Runs at once. Default 1. */
  maxJobs?: number;
  /** Runs get `<workDir>/<runId>`. Default `./data/work`. */
  workDir?: string;
  /** What `stop()` does with running jobs: wait for them, or stop them and hand them back. Default `wait`. */
  onStop?: OnStop;
  /** Default `<hostname>-<pid>-<random>`. */
  id?: string;
  labels?: string[];
  /**
   * The worker's environment (default `process.env`), where nvidia-smi is looked up. Runs inherit only the
   * names on JOB_ENV_ALLOW_LIST (job-env.ts), in `passEnv` and in its own SKILLBOARD_PASS_ENV.
   */
  env?: NodeJS.ProcessEnv;
  /** More names (or `PREFIX*`) of the worker's environment that runs inherit: `--pass-env`. */
  passEnv?: string[];
  /** A recipe's relative `cwd` is resolved against this folder. Default the current directory. */
  rootDir?: string;
  /** Default a third of the server's lease period, at most 10 s. */
  heartbeatMs?: number;
  /** How often to ask for a job while no slot is free or after an error. Default 1 s. */
  pollMs?: number;
  /** How long one lease request waits on the server for a job (long poll). Default 5 s. */
  longPollMs?: number;
  /** SIGTERM → SIGKILL grace on cancel and hand-back. Default 30 s. */
  cancelGraceMs?: number;
  /** How often GPU utilisation and memory are logged to the runs holding them. Default 10 s. */
  systemMetricsMs?: number;
  /** How often output is shipped. Default 500 ms. */
  logFlushMs?: number;
  log?: (line: string) => void;
}

export interface WorkerRunInfo {
  runId: string;
  gpus: number[];
  pid?: number;
}

export interface WorkerHandle {
  readonly id: string;
  /** The GPUs this worker hands to jobs. */
  readonly gpus: GpuInfo[];
  readonly leaseMs: number;
  runs(): WorkerRunInfo[];
  /**
   * Stops leasing, then waits for the running jobs or hands them back
   * (default: `onStop` of the options; a second call with `handback` stops a wait),
   * then tells the server the worker stopped.
   */
  stop(opts?: { onStop?: OnStop }): Promise<void>;
  /** Resolves once the worker has stopped. */
  readonly stopped: Promise<void>;
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function defaultWorkerId(): string {
  const host = os.hostname().replace(/[^A-Za-z0-9._:-]/g, "-").replace(/^[^A-Za-z0-9]+/, "") || "host";
  return `${host.slice(0, 80)}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Registers a worker agent with the server and starts leasing and running jobs. */
export async function startWorker(options: WorkerOptions): Promise<WorkerHandle> {
  const agent = new WorkerAgent(options);
  await agent.init();
  return agent;
}

/**
 * The worker loop: register the host and its GPUs, lease jobs that fit the
 * free slots and GPUs, heartbeat the leases (relaying cancel and abandon to
 * the runs), log GPU use to the runs holding them, and stop cleanly.
 */
class WorkerAgent implements WorkerHandle {
  readonly id: string;
  gpus: GpuInfo[] = [];
  leaseMs = 30_000;
  readonly stopped: Promise<void>;

  private readonly api: WorkerApi;
  private readonly log: (line: string) => void;
  private readonly env: NodeJS.ProcessEnv;
  private readonly passEnv: string[];
  private readonly maxJobs: number;
  private readonly active = new Map<string, JobRun>();
  private slots = new GpuSlots([]);
  private hostHasGpus = false;
  private ctx!: JobRunContext;
  private stopping = false;
  private handBackAll = false;
  private stopPromise?: Promise<void>;
  private resolveStopped!: () => void;
  private wakeLeaseLoop?: () => void;
  private leaseLoop?: Promise<void>;
  private leasePoll?: AbortController;
  private heartbeatTimer?: NodeJS.Timeout;
  private sampleTimer?: NodeJS.Timeout;
  private readonly complained = new Map<string, number>();

  constructor(private readonly options: WorkerOptions) {
    this.id = options.id ?? defaultWorkerId();
    if (!ID_PATTERN.test(this.id)) throw new Error(`--id: '${this.id}' must be letters, digits, '.', '_', ':' or '-' (at most 128)`);
    this.maxJobs = options.maxJobs ?? 1;
    if (!Number.isInteger(this.maxJobs) || this.maxJobs < 1) throw new Error(`--max-jobs: expected a whole number ≥ 1, got ${options.maxJobs}`);
    const grace = options.cancelGraceMs ?? 30_000;
    if (!Number.isFinite(grace) || grace < 0) throw new Error(`--cancel-grace: expected seconds ≥ 0, got ${grace / 1000}`);
    this.env = options.env ?? process.env;
    this.passEnv = [...parsePassEnv(options.passEnv ?? []), ...parsePassEnv([this.env[PASS_ENV_VARIABLE] ?? ""], PASS_ENV_VARIABLE)];
    this.log = options.log ?? ((line) => console.log(`${new Date().toISOString()} ${line}`));
    this.api = new WorkerApi(new SkillboardClient({ url: options.url, apiKey: options.apiKey, timeoutMs: 15_000 }));
    this.stopped = new Promise((resolve) => (this.resolveStopped = resolve));
  }

  async init(): Promise<void> {
    const spec = typeof this.options.gpus === "string" || this.options.gpus === undefined ? parseGpuSpec(this.options.gpus ?? "auto") : this.options.gpus;
    // Detected even with `none`: jobs on a GPU host then get CUDA_VISIBLE_DEVICES="" and see no GPU.
    const detected = await detectGpus(this.env);
    this.hostHasGpus = detected.length > 0;
    this.gpus = selectGpus(spec, detected);
    this.slots = new GpuSlots(this.gpus.map((g) => g.index));
    await this.register();
    this.ctx = {
      api: this.api,
      url: this.api.client.url,
      workDir: path.resolve(this.options.workDir ?? "./data/work"),
      rootDir: path.resolve(this.options.rootDir ?? "."),
      baseEnv: allowedWorkerEnv(this.env, this.passEnv),
      hostHasGpus: this.hostHasGpus,
      cancelGraceMs: this.options.cancelGraceMs ?? 30_000,
      logFlushMs: this.options.logFlushMs ?? 500,
      log: (line) => this.log(line),
    };
    const gpuText = this.gpus.length ? this.gpus.map((g) => `${g.index}: ${g.name}`).join("; ") : "none";
    this.log(`worker ${this.id}: registered with ${this.api.client.url} (pool '${this.options.pool ?? "local"}', ${this.maxJobs} job(s) at once, GPUs: ${gpuText})`);
    this.scheduleHeartbeat();
    if (this.gpus.length) this.scheduleSample();
    this.leaseLoop = this.runLeaseLoop();
  }

  runs(): WorkerRunInfo[] {
    return [...this.active.values()].map((r) => ({ runId: r.runId, gpus: [...r.gpus], pid: r.pid }));
  }

  stop(opts: { onStop?: OnStop } = {}): Promise<void> {
    const mode = opts.onStop ?? this.options.onStop ?? "wait";
    this.stopping = true;
    this.leasePoll?.abort();
    this.wakeLeaseLoop?.();
    if (mode === "handback" && !this.handBackAll) {
      this.handBackAll = true;
      for (const run of this.active.values()) run.handBack();
    }
    if (!this.stopPromise) {
      if (this.active.size) this.log(`worker ${this.id}: stopping; ${mode === "handback" ? "handing back" : "waiting for"} ${this.active.size} run(s)`);
      this.stopPromise = this.shutdown();
    }
    return this.stopPromise;
  }

  private async shutdown() {
    await this.leaseLoop;
    while (this.active.size) await Promise.all([...this.active.values()].map((r) => r.done));
    clearTimeout(this.heartbeatTimer);
    clearTimeout(this.sampleTimer);
    try {
      await this.api.stopWorker(this.id);
    } catch (error) {
      this.log(`worker ${this.id}: could not tell the server it stopped (${(error as Error).message})`);
    }
    this.log(`worker ${this.id}: stopped`);
    this.resolveStopped();
  }

  private async register() {
    const body = {
      id: this.id,
      host: os.hostname(),
      pool: this.options.pool ?? "local",
      labels: this.options.labels ?? [],
      gpus: this.gpus,
      maxJobs: this.maxJobs,
    };
    for (let delay = 500; ; delay = Math.min(delay * 2, 10_000)) {
      try {
        const res = await this.api.register(body);
        this.leaseMs = res.leaseMs;
        return;
      } catch (error) {
        if (!isRetryable(error)) throw new Error(`cannot register with ${this.api.client.url}: ${(error as Error).message}`, { cause: error });
        this.complain("register", `cannot register with ${this.api.client.url} (${(error as Error).message}); retrying`);
        await sleep(delay);
      }
    }
  }

  /** Logs a recurring problem at most every 30 s. */
  private complain(what: string, message: string) {
    const last = this.complained.get(what) ?? 0;
    if (Date.now() - last < 30_000) return;
    this.complained.set(what, Date.now());
    this.log(`worker ${this.id}: ${message}`);
  }

  private async recover(what: string, error: unknown) {
    if (error instanceof SkillboardHttpError && error.status === 404 && error.message.startsWith("Worker ")) {
      this.log(`worker ${this.id}: the server does not know this worker; registering again`);
      await this.register().catch((e) => this.complain("register", `cannot register again (${(e as Error).message})`));
      return;
    }
    this.complain(what, `${what} failed (${(error as Error).message})`);
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeLeaseLoop = done;
    });
  }

  private async runLeaseLoop() {
    while (!this.stopping) {
      if (this.active.size < this.maxJobs) {
        let job: LeasedJob | null = null;
        // Long poll: the server answers as soon as a job fits. Short, so GPUs freed meanwhile are offered soon.
        this.leasePoll = new AbortController();
        try {
          job = await this.api.lease(this.id, this.slots.freeCount, this.options.longPollMs ?? 5_000, this.leasePoll.signal);
        } catch (error) {
          if (this.stopping) break;
          await this.recover("lease", error);
        }
        if (job) {
          this.launch(job);
          continue;
        }
      }
      await this.idle(this.options.pollMs ?? 1_000);
    }
  }

  private launch(job: LeasedJob) {
    const want = job.resources?.gpus ?? 0;
    const gpus = this.stopping ? null : this.slots.take(want);
    if (!gpus) {
      this.log(`run ${job.runId}: ${this.stopping ? "worker is stopping" : `wants ${want} GPU(s), ${this.slots.freeCount} free`}; handing it back`);
      void this.api.release(job.runId, job.leaseToken).catch((e) => this.log(`run ${job.runId}: release failed (${(e as Error).message})`));
      return;
    }
    this.log(`run ${job.runId}: leased '${job.runName}' (attempt ${job.attempt} of ${job.maxAttempts})`);
    const run = new JobRun(job, gpus, this.ctx);
    this.active.set(job.runId, run);
    if (this.handBackAll) run.handBack();
    void run.done.then(() => {
      this.active.delete(job.runId);
      this.slots.give(gpus);
      this.wakeLeaseLoop?.();
    });
  }

  private heartbeatMs() {
    return this.options.heartbeatMs ?? Math.min(Math.floor(this.leaseMs / 3), 10_000);
  }

  private scheduleHeartbeat() {
    this.heartbeatTimer = setTimeout(async () => {
      await this.heartbeat();
      if (!this.stopPromise || this.active.size) this.scheduleHeartbeat();
    }, this.heartbeatMs());
  }

  private async heartbeat() {
    const runs = [...this.active.values()].filter((r) => r.active);
    try {
      const res = await this.api.heartbeat(
        this.id,
        runs.map((r) => ({ runId: r.runId, leaseToken: r.leaseToken })),
        this.gpus.length ? this.gpus : undefined,
      );
      for (const { runId, action } of res.leases) {
        const run = this.active.get(runId);
        if (action === "cancel") run?.cancel();
        else if (action === "abandon") run?.abandon("the server says the lease is stale (the job was reassigned or ended)");
      }
    } catch (error) {
      await this.recover("heartbeat", error);
    }
  }

  private scheduleSample() {
    this.sampleTimer = setTimeout(async () => {
      const detected = await detectGpus(this.env);
      const mine = detected.filter((g) => this.slots.indices.includes(g.index));
      if (mine.length) this.gpus = mine;
      for (const run of this.active.values()) run.recordGpus(this.gpus);
      if (!this.stopPromise || this.active.size) this.scheduleSample();
    }, this.options.systemMetricsMs ?? 10_000);
  }
}
