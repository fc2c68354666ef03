import fs from "node:fs";
import path from "node:path";
import { StringDecoder } from "node:string_decoder";
import { isRetryable, SkillboardHttpError } from "../../sdk/ts/src/client";
import { sleep } from "../../sdk/ts/src/retry";
import { jobEnv, type JobEnvContext } from "./job-env";
import { LogShipper } from "./log-shipper";
import { killProcessGroup, spawnProcessGroup, stopProcessGroup, type ProcessExit, type ProcessGroup } from "./process-group";
import { gpuMetricPoints, SystemMetricSender } from "./system-metrics";
import type { FinishBody, GpuInfo, LeasedJob, WorkerApi } from "./worker-api";

/** What every run of one worker shares. */
export interface JobRunContext extends JobEnvContext {
  api: WorkerApi;
  /** Runs get `<workDir>/<runId>` as their folder. */
  workDir: string;
  /** A recipe's relative `cwd` is resolved against this folder. */
  rootDir: string;
  cancelGraceMs: number;
  logFlushMs: number;
  log(line: string): void;
}

/** How much of stderr's end becomes the error of a failed run. */
export const STDERR_TAIL_CHARS = 4096;
/** How long the end of a run (the rest of its output, then finish) is retried while the server is away. */
const REPORT_TIMEOUT_MS = 10 * 60_000;

export const renderRunDir = (arg: string, runDir: string) => arg.split("{{run_dir}}").join(runDir);

/**
 * One leased job on this worker: its folder, its process group, its output
 * and system metrics, and the report of how it ended (finish, or release when
 * handed back). `done` resolves once nothing more is owed to the server.
 */
export class JobRun {
  readonly runId: string;
  readonly leaseToken: string;
  readonly runDir: string;
  startedAt = 0;
  readonly done: Promise<void>;

  private group?: ProcessGroup;
  private shipper?: LogShipper;
  private readonly metrics: SystemMetricSender;
  private stderrTail = "";
  private cancelRequested = false;
  private handingBack = false;
  private abandoned = false;
  private stopping?: Promise<ProcessExit>;

  constructor(
    readonly job: LeasedJob,
    readonly gpus: readonly number[],
    private readonly ctx: JobRunContext,
  ) {
    this.runId = job.runId;
    this.leaseToken = job.leaseToken;
    this.runDir = path.resolve(ctx.workDir, job.runId);
    const prefix = `w${job.leaseToken.slice(0, 12)}`;
    this.metrics = new SystemMetricSender({
      batchIdPrefix: prefix,
      send: (batch) => ctx.api.appendMetrics(this.runId, { ...batch, leaseToken: this.leaseToken }),
      onStale: () => this.abandon("the server refused a write: stale lease"),
    });
    this.done = this.run(prefix).catch((error) => ctx.log(`run ${this.runId}: internal error: ${(error as Error).stack ?? error}`));
  }

  /** The process id (also its group id), once started. */
  get pid(): number | undefined {
    return this.group?.pid;
  }

  /** The lease is still ours: the run is heartbeated until it has been reported. */
  get active(): boolean {
    return !this.abandoned;
  }

  /** A user asked to cancel: SIGTERM to the group, SIGKILL after the grace period; the run ends `canceled`. */
  cancel(): void {
    if (this.cancelRequested || this.abandoned) return;
    this.cancelRequested = true;
    this.ctx.log(`run ${this.runId}: cancel requested; stopping the process (grace ${this.ctx.cancelGraceMs} ms)`);
    this.stopProcess();
  }

  /** The lease is stale (the job was reassigned or ended): kill this copy and report nothing more. */
  abandon(why: string): void {
    if (this.abandoned) return;
    this.abandoned = true;
    this.ctx.log(`run ${this.runId}: ${why}; killing this copy`);
    this.shipper?.abort();
    this.metrics.stop();
    if (this.group) void killProcessGroup(this.group);
  }

  /** The worker is stopping: stop the process and give the job back to the queue (the attempt is not counted). */
  handBack(): void {
    if (this.handingBack || this.abandoned) return;
    this.handingBack = true;
    this.ctx.log(`run ${this.runId}: handing back (stopping the process)`);
    this.stopProcess();
  }

  /** Queues the GPU utilisation and memory of this run's GPUs, at the seconds since it started, and sends them. */
  recordGpus(gpus: readonly GpuInfo[]): void {
    if (!this.gpus.length || !this.startedAt || this.abandoned) return;
    const now = Date.now();
    this.metrics.add(gpuMetricPoints(gpus, this.gpus, Math.floor((now - this.startedAt) / 1000), now / 1000));
    void this.metrics.flush();
  }

  private stopProcess() {
    if (this.group && !this.stopping) this.stopping = stopProcessGroup(this.group, this.ctx.cancelGraceMs);
  }

  private async run(batchIdPrefix: string): Promise<void> {
    const { job, ctx } = this;
    const argv = job.argv.map((a) => renderRunDir(a, this.runDir));
    const cwd = job.cwd ? path.resolve(ctx.rootDir, renderRunDir(job.cwd, this.runDir)) : this.runDir;
    fs.mkdirSync(this.runDir, { recursive: true });
    if (!job.jobToken) ctx.log(`run ${this.runId}: the server sent no job token with the lease; the process gets no SKILLBOARD_API_KEY`);
    const shipper = (this.shipper = new LogShipper({
      file: path.join(this.runDir, ".skillboard", "output.jsonl"),
      batchIdPrefix,
      intervalMs: ctx.logFlushMs,
      send: (batch) => ctx.api.appendLogs(this.runId, { ...batch, leaseToken: this.leaseToken }),
      onStale: () => this.abandon("the server refused a write: stale lease"),
      warn: (m) => ctx.log(`run ${this.runId}: ${m}`),
    }).start());

    const group = (this.group = spawnProcessGroup(argv, { cwd, env: jobEnv(job, this.gpus, ctx) }));
    this.startedAt = Date.now();
    let started: Promise<void> = Promise.resolve();
    if (group.pid !== undefined) {
      ctx.log(`run ${this.runId}: started pid ${group.pid}${this.gpus.length ? ` on GPUs ${this.gpus.join(",")}` : ""}: ${JSON.stringify(argv)}`);
      started = this.report("start", () => ctx.api.start(this.runId, { leaseToken: this.leaseToken, pid: group.pid, gpus: [...this.gpus] }));
      for (const stream of ["stdout", "stderr"] as const) {
        const decoder = new StringDecoder("utf8");
        const source = group.child[stream]!;
        source.on("data", (data: Buffer) => this.output(stream, decoder.write(data)));
        source.on("end", () => this.output(stream, decoder.end()));
      }
      if (this.cancelRequested || this.handingBack) this.stopProcess();
      if (this.abandoned) void killProcessGroup(group);
    }

    const exit = await group.exited;
    if (exit.spawnError) {
      const message = `cannot start ${JSON.stringify(argv[0])} in ${cwd}: ${exit.spawnError.message}`;
      ctx.log(`run ${this.runId}: ${message}`);
      this.output("stderr", `${message}\n`);
    } else {
      ctx.log(`run ${this.runId}: exited (${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`})`);
    }
    await started;
    if (this.abandoned) return;
    await shipper.close(REPORT_TIMEOUT_MS);
    await this.metrics.flush();
    if (this.abandoned) return;
    if (this.handingBack && !this.cancelRequested) {
      await this.report("release", () => ctx.api.release(this.runId, this.leaseToken));
      return;
    }
    const body = this.finishBody(exit);
    await this.report("finish", () => ctx.api.finish(this.runId, { ...body, leaseToken: this.leaseToken }));
    if (!this.abandoned) ctx.log(`run ${this.runId}: reported ${body.status}`);
  }

  private output(stream: "stdout" | "stderr", text: string) {
    if (!text) return;
    this.shipper?.write(stream, text);
    if (stream === "stderr") this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL_CHARS);
  }

  private finishBody(exit: ProcessExit): FinishBody {
    const how = exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
    if (this.cancelRequested) return { status: "canceled", exitCode: exit.code, signal: exit.signal };
    if (exit.code === 0) return { status: "succeeded", exitCode: 0 };
    const error = this.stderrTail.trim() ? this.stderrTail : exit.spawnError ? exit.spawnError.message : `the process ended (${how}) with no stderr output`;
    return { status: "failed", exitCode: exit.code, signal: exit.signal, error };
  }

  /** Sends one lifecycle request, retrying while the server cannot be reached; a stale lease abandons the run. */
  private async report(what: string, send: () => Promise<unknown>): Promise<void> {
    const deadline = Date.now() + REPORT_TIMEOUT_MS;
    for (let delay = 250; !this.abandoned; delay = Math.min(delay * 2, 5_000)) {
      try {
        await send();
        return;
      } catch (error) {
        if (error instanceof SkillboardHttpError && error.code === "stale_lease") {
          this.abandon(`${what} refused: stale lease`);
          return;
        }
        if (!isRetryable(error) || Date.now() + delay > deadline) {
          this.ctx.log(`run ${this.runId}: ${what} failed: ${(error as Error).message}`);
          return;
        }
        await sleep(delay);
      }
    }
  }
}
