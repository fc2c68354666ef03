import path from "node:path";
import { SkillboardClient } from "./client";
import { classifyFailure, deliverRequest, ensureRemoteRun, type Delivery } from "./deliver";
import { newBatchId, newRunId, RUN_ID_PATTERN } from "./ids";
import { checkRunBody, checkStep, checkString, checkTrajectory } from "./inputs";
import { SINGLE_ATTEMPT, type RetryPolicy } from "./retry";
import { defaultSpoolDir, RunSpool } from "./spool";
import { syncRunFolder } from "./sync";
import type {
  AppendRequest,
  CreateRunBody,
  EvalAttempt,
  FinalRunStatus,
  FinishRunBody,
  LogChunkInput,
  LogStream,
  MetricStep,
  Trajectory,
} from "./types";

/** Per-batch limits of REST v1, and byte budgets that keep one request reasonable. */
export const BATCH_LIMITS = {
  metrics: 10_000,
  evals: 10_000,
  trajectories: 1_000,
  logs: 10_000,
  trajectoryBytes: 8 << 20,
  logBytes: 4 << 20,
  /** Longer log texts are cut into pieces of this many characters. */
  logChunkChars: 1 << 20,
} as const;

export type Mode = "online" | "offline";

export interface InitOptions {
  project?: string;
  name?: string;
  group?: string;
  config?: Record<string, unknown>;
  tags?: string[];
  notes?: string;
  /** Environment to read SKILLBOARD_* from; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Default `$SKILLBOARD_URL`, else http://localhost:3000. */
  url?: string;
  /** Default `$SKILLBOARD_API_KEY`. */
  apiKey?: string;
  /** Attach to (or create) the run with this id; default `$SKILLBOARD_RUN_ID`, else a new random id. */
  runId?: string;
  /** Default `$SKILLBOARD_MODE`, else `online`. `offline` writes only the spool. */
  mode?: Mode;
  /** Default `$SKILLBOARD_SPOOL_DIR`, else `.skillboard/spool`. */
  spoolDir?: string;
  /** How often queued data is sent. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Send as soon as this many items wait. Default 5000. */
  flushAtPending?: number;
  /** Retries of one request before the SDK spools to disk. Default: give up after 30 s. */
  retry?: RetryPolicy;
  /** While spooling, how often to try uploading the spool again. Default 15 s. */
  spoolRetryIntervalMs?: number;
  /** Per-request timeout. Default 30 s. */
  requestTimeoutMs?: number;
  /** Finish the run when the process runs out of work without `finish()` (status from `process.exitCode`). Default true. */
  finishOnExit?: boolean;
  /**
   * Default `$SKILLBOARD_MANAGED=1`: a worker (or wrapper) owns the run's lifecycle and reports its
   * final status from the exit code, so `finish()` and the exit hook only flush and never send `/finish`.
   */
  managed?: boolean;
  /** Where warnings go; default `console.warn` with a `skillboard:` prefix. */
  warn?: (message: string) => void;
}

export interface FinishResult {
  runId: string;
  status: FinalRunStatus;
  /** Something could not be uploaded (or the run is offline): it waits in `spoolDir` for `skillboard sync`. */
  spooled: boolean;
  /** This run's spool folder. */
  spoolDir: string;
  /** Batches the server refused for good (see the warnings). */
  dropped: number;
}

type PumpReason = "tick" | "flush" | "finish";

/**
 * A run being logged. `log*` calls only queue (synchronously); a background
 * timer sends the queue in batches, each with its own batch id. When the
 * server cannot be reached the batches go, in order, to the run's spool
 * folder, which is uploaded again later (and at `finish()`).
 */
export class Run {
  readonly id: string;
  readonly mode: Mode;
  /** The id came from SKILLBOARD_RUN_ID (or `runId`): the run may have been created by a launcher. */
  readonly attached: boolean;
  /** A worker owns the lifecycle: `finish()` only flushes (see `InitOptions.managed`). */
  readonly managed: boolean;
  readonly client: SkillboardClient;
  /** This run's spool folder. */
  readonly spoolDir: string;

  private readonly createBody: CreateRunBody & { id: string };
  private readonly spool: RunSpool;
  private readonly retry: RetryPolicy;
  private readonly spoolRetryIntervalMs: number;
  private readonly flushAtPending: number;
  private readonly warn: (message: string) => void;

  private metrics: MetricStep[] = [];
  /** Values in `metrics` (a batch holds at most BATCH_LIMITS.metrics). */
  private metricValues = 0;
  private evals: EvalAttempt[] = [];
  private trajectories: { trajectory: Trajectory; bytes: number }[] = [];
  private chunks: LogChunkInput[] = [];
  private finishBody?: FinishRunBody;
  private outbox: AppendRequest[] = [];

  private remoteReady = false;
  private spooling = false;
  private nextDrainAt = 0;
  private dropped = 0;
  private lastStep = -1;
  private readonly warnedKeys = new Set<string>();
  private warnedAfterFinish = false;

  private chain: Promise<void> = Promise.resolve();
  private busy = 0;
  private kickScheduled = false;
  private timer: NodeJS.Timeout;
  private finishPromise?: Promise<FinishResult>;
  private readonly onBeforeExit?: () => void;

  constructor(options: InitOptions = {}) {
    const env = options.env ?? process.env;
    const mode = (options.mode ?? (env.SKILLBOARD_MODE || "online")) as Mode;
    if (mode !== "online" && mode !== "offline") {
      throw new TypeError(`skillboard: SKILLBOARD_MODE must be 'online' or 'offline', got '${mode}'`);
    }
    const attachId = options.runId ?? (env.SKILLBOARD_RUN_ID || undefined);
    if (attachId !== undefined && !RUN_ID_PATTERN.test(attachId)) {
      throw new TypeError(`skillboard: run id '${attachId}' is not 4–64 letters, digits, '_' or '-' starting with a letter or digit`);
    }
    this.id = attachId ?? newRunId();
    this.attached = attachId !== undefined;
    this.managed = options.managed ?? env.SKILLBOARD_MANAGED === "1";
    this.mode = mode;
    const body = checkRunBody(options);
    this.createBody = { id: this.id, ...body };
    this.client = new SkillboardClient({
      url: options.url ?? (env.SKILLBOARD_URL || "http://localhost:3000"),
      apiKey: options.apiKey ?? env.SKILLBOARD_API_KEY,
      timeoutMs: options.requestTimeoutMs,
    });
    this.spool = RunSpool.forRun(path.resolve(options.spoolDir ?? defaultSpoolDir(env)), this.id);
    this.spoolDir = this.spool.dir;
    this.retry = options.retry ?? {};
    this.spoolRetryIntervalMs = options.spoolRetryIntervalMs ?? 15_000;
    this.flushAtPending = options.flushAtPending ?? 5_000;
    this.warn = options.warn ?? ((m) => console.warn(`skillboard: ${m}`));

    if (mode === "offline") {
      this.spooling = true;
      this.spool.writeRunJson(this.createBody);
    }
    const flushIntervalMs = options.flushIntervalMs ?? 1_000;
    // The first send waits a random part of the interval: trainers started together (a sweep, an
    // array job) then send at different instants instead of all in the same one, every second.
    this.timer = setTimeout(() => {
      this.timer = setInterval(() => this.tick(), flushIntervalMs);
      this.timer.unref();
      this.tick();
    }, Math.random() * flushIntervalMs);
    this.timer.unref();
    if (options.finishOnExit ?? true) {
      this.onBeforeExit = () => {
        const code = Number(process.exitCode ?? 0);
        if (!this.finishPromise) void this.finish(code === 0 ? "succeeded" : "failed", { exitCode: code });
      };
      process.on("beforeExit", this.onBeforeExit);
    }
  }

  get finished(): boolean {
    return this.finishPromise !== undefined;
  }

  /** Queues metric values at `step` (default: the last step + 1). NaN and ±Infinity are dropped with a warning. */
  log(metrics: Record<string, number>, step?: number): void {
    if (this.refuseAfterFinish()) return;
    const s = step === undefined ? this.lastStep + 1 : checkStep(step);
    if (typeof metrics !== "object" || metrics === null) throw new TypeError("skillboard: log() takes an object of metric values");
    const wallTime = Date.now() / 1000;
    const values: Record<string, number> = {};
    let n = 0;
    for (const key in metrics) {
      if (!Object.hasOwn(metrics, key)) continue;
      checkString(key, "a metric key", 256);
      const value = metrics[key];
      if (typeof value === "number" && Number.isFinite(value)) (values[key] = value), n++;
      else this.warnDropped(`metric '${key}'`, value, s);
    }
    if (n) {
      this.metrics.push({ step: s, wallTime, values });
      this.metricValues += n;
    }
    this.lastStep = Math.max(this.lastStep, s);
    this.kickIfFull();
  }

  /** Queues one scored attempt of a benchmark (Avg@k is computed from the attempts). */
  logEval(benchmark: string, attempt: number, score: number, step: number): void {
    if (this.refuseAfterFinish()) return;
    checkString(benchmark, "benchmark", 200);
    checkStep(attempt, "attempt");
    checkStep(step);
    if (typeof score !== "number" || !Number.isFinite(score)) return this.warnDropped(`eval score of '${benchmark}'`, score, step);
    this.evals.push({ benchmark, attempt, score, step, wallTime: Date.now() / 1000 });
    this.kickIfFull();
  }

  /** Queues a trajectory (see ARCHITECTURE.md for its JSON); it is copied now, so it may be reused afterwards. */
  logTrajectory(trajectory: Trajectory): void {
    if (this.refuseAfterFinish()) return;
    const checked = checkTrajectory(trajectory);
    if ("nonFinite" in checked) return this.warnDropped(`trajectory of '${trajectory.skill}'`, checked.nonFinite, trajectory.step);
    this.trajectories.push({ trajectory: checked.trajectory, bytes: checked.json.length });
    this.kickIfFull();
  }

  /** Queues text for the run's log, on `stdout` or `stderr`. */
  logText(stream: LogStream, text: string): void {
    if (this.refuseAfterFinish()) return;
    if (stream !== "stdout" && stream !== "stderr") throw new TypeError(`skillboard: stream must be 'stdout' or 'stderr', got '${stream}'`);
    if (typeof text !== "string") throw new TypeError("skillboard: logText() takes a string");
    for (let i = 0; i < text.length; ) {
      let end = Math.min(text.length, i + BATCH_LIMITS.logChunkChars);
      if (end < text.length && /[\uDC00-\uDFFF]/.test(text[end])) end--; // keep surrogate pairs whole
      this.chunks.push({ stream, text: text.slice(i, end) });
      i = end;
    }
    this.kickIfFull();
  }

  /** Sends (or spools) everything queued so far. */
  flush(): Promise<void> {
    return this.pump("flush");
  }

  /**
   * Sends everything queued, then marks the run ended (a managed run is only
   * flushed: its worker reports the status). When the server cannot
   * be reached the rest stays in the spool folder (see the warning) for
   * `skillboard sync`. Calling it again returns the same result.
   */
  finish(status: FinalRunStatus = "succeeded", opts: { exitCode?: number } = {}): Promise<FinishResult> {
    if (this.finishPromise) return this.finishPromise;
    if (status !== "succeeded" && status !== "failed" && status !== "canceled") {
      throw new TypeError(`skillboard: status must be 'succeeded', 'failed' or 'canceled', got '${status}'`);
    }
    if (!this.managed) this.finishBody = opts.exitCode === undefined ? { status } : { status, exitCode: opts.exitCode };
    this.finishPromise = (async () => {
      await this.pump("finish");
      clearTimeout(this.timer);
      if (this.onBeforeExit) process.off("beforeExit", this.onBeforeExit);
      if (this.spooling && this.mode === "online") {
        this.warn(
          `run ${this.id}: not everything reached ${this.client.url}; the rest is in ${this.spoolDir}. ` +
            `Upload it later with: skillboard sync ${this.spoolDir}`,
        );
      }
      return { runId: this.id, status, spooled: this.spooling, spoolDir: this.spoolDir, dropped: this.dropped };
    })();
    return this.finishPromise;
  }

  // Queueing

  private refuseAfterFinish(): boolean {
    if (!this.finishPromise) return false;
    if (!this.warnedAfterFinish) this.warn(`run ${this.id} is finished; further logging is ignored`);
    this.warnedAfterFinish = true;
    return true;
  }

  private warnDropped(what: string, value: unknown, step: number) {
    if (this.warnedKeys.has(what)) return;
    this.warnedKeys.add(what);
    this.warn(`dropped ${what} at step ${step}: ${String(value)} is not a finite number (further ones are dropped silently)`);
  }

  private pendingCount() {
    return this.metricValues + this.evals.length + this.trajectories.length + this.chunks.length;
  }

  private kickIfFull() {
    if (this.kickScheduled || this.busy || this.pendingCount() < this.flushAtPending) return;
    this.kickScheduled = true;
    setImmediate(() => {
      this.kickScheduled = false;
      void this.pump("tick");
    });
  }

  /** Moves the queued items into batches of at most the per-batch limits, each with a fresh batch id. */
  private seal() {
    const chunked = <T>(items: T[], max: number, size?: (item: T) => number, maxBytes = Infinity): T[][] => {
      const out: T[][] = [];
      let cur: T[] = [];
      let bytes = 0;
      for (const item of items) {
        const b = size ? size(item) : 0;
        if (cur.length && (cur.length >= max || bytes + b > maxBytes)) (out.push(cur), (cur = []), (bytes = 0));
        cur.push(item);
        bytes += b;
      }
      if (cur.length) out.push(cur);
      return out;
    };
    for (const steps of metricBatches(this.metrics, BATCH_LIMITS.metrics)) {
      this.outbox.push({ kind: "metrics", body: { batchId: newBatchId(), steps } });
    }
    for (const evals of chunked(this.evals, BATCH_LIMITS.evals)) {
      this.outbox.push({ kind: "evals", body: { batchId: newBatchId(), evals } });
    }
    for (const ts of chunked(this.trajectories, BATCH_LIMITS.trajectories, (t) => t.bytes, BATCH_LIMITS.trajectoryBytes)) {
      this.outbox.push({ kind: "trajectories", body: { batchId: newBatchId(), trajectories: ts.map((t) => t.trajectory) } });
    }
    for (const chunks of chunked(this.chunks, BATCH_LIMITS.logs, (c) => c.text.length, BATCH_LIMITS.logBytes)) {
      this.outbox.push({ kind: "logs", body: { batchId: newBatchId(), chunks } });
    }
    this.metrics = [];
    this.metricValues = 0;
    this.evals = [];
    this.trajectories = [];
    this.chunks = [];
    if (this.finishBody) {
      this.outbox.push({ kind: "finish", body: this.finishBody });
      this.finishBody = undefined;
    }
  }

  // Sending

  private tick() {
    if (this.busy) return;
    const drainDue = this.spooling && this.mode === "online" && Date.now() >= this.nextDrainAt;
    if (this.pendingCount() || this.outbox.length || drainDue) void this.pump("tick");
  }

  /** Runs one pass of the sender after the ones already scheduled: passes never overlap, so order is kept. */
  private pump(reason: PumpReason): Promise<void> {
    this.busy++;
    const pass = this.chain
      .then(() => this.pumpPass(reason))
      .catch((error) => this.warn(`internal error while sending: ${(error as Error).stack ?? error}`))
      .finally(() => this.busy--);
    this.chain = pass;
    return pass;
  }

  private async pumpPass(reason: PumpReason): Promise<void> {
    let drained = false;
    let gaveUpNow = false;
    for (;;) {
      this.seal();
      if (this.spooling) {
        if (!this.writeOutboxToSpool()) return;
        const due = reason !== "tick" || Date.now() >= this.nextDrainAt;
        if (this.mode === "offline" || drained || !due) return;
        drained = true;
        // At finish, give the server the full retry policy once more, unless it just used it up.
        await this.drain(reason === "finish" && !gaveUpNow ? this.retry : SINGLE_ATTEMPT);
        if (this.spooling) return;
        continue;
      }
      if (!this.outbox.length) return;
      if (!this.remoteReady) {
        try {
          await ensureRemoteRun(this.client, this.createBody, this.retry);
          this.remoteReady = true;
        } catch (error) {
          this.startSpooling(classifyFailure(error), "create");
          gaveUpNow = true;
        }
        continue;
      }
      const d = await deliverRequest(this.client, this.id, this.outbox[0], this.retry, this.warn);
      if (d.outcome === "unreachable" || d.outcome === "unauthorized") {
        this.startSpooling(d, "send");
        gaveUpNow = true;
        continue;
      }
      if (d.outcome === "dropped") this.dropped++;
      this.outbox.shift();
    }
  }

  private startSpooling(d: Delivery, during: "create" | "send") {
    if (this.spooling) return;
    this.spooling = true;
    this.nextDrainAt = Date.now() + this.spoolRetryIntervalMs;
    const why = "error" in d ? d.error.message : "";
    const where = `writing run ${this.id}'s data to ${this.spoolDir}`;
    if (d.outcome === "unreachable") {
      this.warn(`${why}; ${where} and retrying every ${Math.round(this.spoolRetryIntervalMs / 1000)} s`);
    } else if (d.outcome === "unauthorized") {
      this.warn(`the server refused the API key (${why}); ${where}. Fix SKILLBOARD_API_KEY, then run: skillboard sync ${this.spoolDir}`);
    } else if (during === "create") {
      this.warn(`the server refused to create run ${this.id} (${why}); ${where}`);
    }
    try {
      this.spool.writeRunJson(this.createBody);
    } catch (error) {
      this.warn(`cannot write the spool: ${(error as Error).message}`);
    }
  }

  /** Appends the sealed batches to the spool; false (and they stay queued) when the disk refuses. */
  private writeOutboxToSpool(): boolean {
    if (!this.outbox.length) return true;
    try {
      this.spool.writeRunJson(this.createBody);
      this.spool.append(this.outbox);
      this.outbox = [];
      return true;
    } catch (error) {
      this.warn(`cannot write the spool (${(error as Error).message}); ${this.outbox.length} batches stay in memory`);
      return false;
    }
  }

  /** Uploads the spool; sending goes back to the network once all of it is acknowledged. */
  private async drain(retry: RetryPolicy) {
    const r = await syncRunFolder(this.spool.dir, this.client, { retry, warn: this.warn });
    this.dropped += r.dropped;
    if (r.status === "synced") {
      this.spooling = false;
      this.remoteReady = true;
    } else {
      this.nextDrainAt = Date.now() + this.spoolRetryIntervalMs;
    }
  }
}

/** Logged steps cut into batches of at most `max` values; a step with more values is split across batches. */
export function metricBatches(steps: MetricStep[], max: number): MetricStep[][] {
  const out: MetricStep[][] = [];
  let cur: MetricStep[] = [];
  let n = 0;
  const push = (step: MetricStep, count: number) => {
    if (n + count > max && cur.length) (out.push(cur), (cur = []), (n = 0));
    cur.push(step);
    n += count;
  };
  for (const step of steps) {
    const keys = Object.keys(step.values);
    if (keys.length <= max) {
      push(step, keys.length);
      continue;
    }
    for (let i = 0; i < keys.length; i += max) {
      const part = Object.fromEntries(keys.slice(i, i + max).map((k) => [k, step.values[k]]));
      push({ ...step, values: part }, Math.min(max, keys.length - i));
    }
  }
  if (cur.length) out.push(cur);
  return out;
}
