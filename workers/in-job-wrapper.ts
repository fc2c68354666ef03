import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { StringDecoder } from "node:string_decoder";
import { isRetryable, SkillboardClient, SkillboardHttpError } from "../sdk/ts/src/client";
import { sleep } from "../sdk/ts/src/retry";
import { detectGpus } from "./agent/gpus";
import { STDERR_TAIL_CHARS } from "./agent/job-run";
import { LogShipper } from "./agent/log-shipper";
import { spawnProcessGroup, stopProcessGroup, type ProcessExit } from "./agent/process-group";
import { gpuMetricPoints, SystemMetricSender } from "./agent/system-metrics";
import type { MetricPoint } from "./agent/worker-api";

export interface InJobOptions {
  runId: string;
  argv: string[];
  /** The run's folder on this node: output is buffered under `<runDir>/.skillboard/`. Created when missing. */
  runDir: string;
  /** The process's working directory. Default the run's folder. */
  cwd?: string;
  url: string;
  apiKey?: string;
  /** The environment of the process (before SKILLBOARD_RUN_ID and friends). Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** How often system metrics are logged. Default SKILLBOARD_SYSTEM_METRICS_MS or 10 s. */
  systemMetricsMs?: number;
  logFlushMs?: number;
  /** SIGTERM → SIGKILL grace when the scheduler stops the job. Default 10 s (Slurm's KillWait is 30 s by default). */
  stopGraceMs?: number;
  /** How long the end of the run (the rest of its output, the exit report) is retried while the server cannot be reached. */
  reportTimeoutMs?: number;
  /** The wrapper's own messages. Default stderr (the scheduler's log of the job). */
  log?: (line: string) => void;
  /** Also copy the process's output to this process's stdout/stderr (the scheduler's log). Default true. */
  tee?: boolean;
}

/** The scheduler job this wrapper runs in: Slurm's SLURM_JOB_ID, or what the Ray executor sets (the submission id). */
export function schedulerJobOf(env: NodeJS.ProcessEnv): { schedulerId: string | null; nodes: string } {
  return {
    schedulerId: env.SLURM_JOB_ID ?? env.SKILLBOARD_SCHEDULER_JOB_ID ?? null,
    nodes: env.SLURM_JOB_NODELIST ?? env.SLURM_NODELIST ?? os.hostname(),
  };
}

/** The GPUs of this job by nvidia-smi's index: Slurm's SLURM_JOB_GPUS, else a numeric CUDA_VISIBLE_DEVICES. */
export function jobGpuIndices(env: NodeJS.ProcessEnv): number[] | null {
  for (const v of [env.SLURM_JOB_GPUS, env.CUDA_VISIBLE_DEVICES]) {
    if (v && /^\d+(,\d+)*$/.test(v)) return v.split(",").map(Number);
  }
  return null;
}

/**
 * The in-job wrapper (`skillboard exec --run ID -- argv…`): runs the trainer
 * inside a Slurm allocation or a Ray job with SKILLBOARD_RUN_ID / _URL /
 * _API_KEY set, ships its stdout and stderr to the run's log (disk-buffered,
 * ordered, resent until acknowledged), logs `system/*` metrics, and reports to
 * the server where it started (node list, scheduler job id) and how the
 * process exited. It returns the process's exit code, so the scheduler sees
 * the job end as the process did. The same pieces as the worker agent's runs,
 * without a lease: the server checks reports against the run's scheduler job.
 */
export async function runInJob(opts: InJobOptions): Promise<number> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((line: string) => process.stderr.write(`[skillboard exec] ${line}\n`));
  const client = new SkillboardClient({ url: opts.url, apiKey: opts.apiKey, timeoutMs: 15_000 });
  const enc = encodeURIComponent(opts.runId);
  const runDir = path.resolve(opts.runDir);
  fs.mkdirSync(runDir, { recursive: true });
  const cwd = path.resolve(opts.cwd ?? runDir);
  const { schedulerId, nodes } = schedulerJobOf(env);
  const tag = `x${(schedulerId ?? "").replace(/[^A-Za-z0-9]/g, "").slice(-12)}${Math.random().toString(36).slice(2, 8)}`;
  const reportTimeoutMs = opts.reportTimeoutMs ?? 10 * 60_000;
  let stale = false;

  const shipper = new LogShipper({
    file: path.join(runDir, ".skillboard", `output-${tag}.jsonl`),
    batchIdPrefix: tag,
    intervalMs: opts.logFlushMs ?? 500,
    send: (batch) => client.request("POST", `/runs/${enc}/logs`, batch),
    warn: (m) => log(m),
  }).start();
  const metrics = new SystemMetricSender({ batchIdPrefix: tag, send: (batch) => client.request("POST", `/runs/${enc}/metrics`, batch) });

  /** One report to the server, retried while it cannot be reached. */
  const report = async (body: Record<string, unknown>) => {
    const deadline = Date.now() + reportTimeoutMs;
    for (let delay = 250; !stale; delay = Math.min(delay * 2, 5_000)) {
      try {
        await client.request("POST", `/runs/${enc}/scheduler-report`, { ...body, schedulerId });
        return;
      } catch (error) {
        if (error instanceof SkillboardHttpError && error.status === 409) {
          log(`the server refused the ${body.event} report: ${error.message}`);
          if (error.code === "stale_job") onStale();
          return;
        }
        if (!isRetryable(error) || Date.now() + delay > deadline) {
          log(`cannot report ${body.event} to ${opts.url}: ${(error as Error).message}`);
          return;
        }
        await sleep(delay);
      }
    }
  };

  const childEnv: NodeJS.ProcessEnv = { ...env, PYTHONUNBUFFERED: "1", SKILLBOARD_RUN_ID: opts.runId, SKILLBOARD_URL: opts.url, SKILLBOARD_MANAGED: "1" };
  if (opts.apiKey) childEnv.SKILLBOARD_API_KEY = opts.apiKey;
  const group = spawnProcessGroup(opts.argv, { cwd, env: childEnv });
  const startedAt = Date.now();
  /** The run belongs to another scheduler job now: this copy stops and writes nothing more. */
  function onStale() {
    if (stale) return;
    stale = true;
    log("this job is a stale copy of the run: stopping the process and shipping nothing more");
    shipper.abort();
    metrics.stop();
    void stopProcessGroup(group, 2_000);
  }
  let stderrTail = "";
  let signaled: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signaled) return;
    signaled = signal;
    log(`received ${signal}: stopping the process (grace ${(opts.stopGraceMs ?? 10_000) / 1000} s)`);
    void stopProcessGroup(group, opts.stopGraceMs ?? 10_000);
  };
  const signals: NodeJS.Signals[] = ["SIGTERM", "SIGINT", "SIGHUP", "SIGUSR1"];
  for (const s of signals) process.on(s, onSignal);

  let started: Promise<void> = Promise.resolve();
  let sampler: NodeJS.Timeout | undefined;
  if (group.pid !== undefined) {
    log(`run ${opts.runId}: started pid ${group.pid} on ${nodes}${schedulerId ? ` (job ${schedulerId})` : ""}: ${JSON.stringify(opts.argv)}`);
    started = report({ event: "started", nodes, host: os.hostname(), pid: group.pid });
    const tee = opts.tee ?? true;
    for (const stream of ["stdout", "stderr"] as const) {
      const decoder = new StringDecoder("utf8");
      const output = (text: string) => {
        if (!text) return;
        shipper.write(stream, text);
        if (tee) process[stream].write(text);
        if (stream === "stderr") stderrTail = (stderrTail + text).slice(-STDERR_TAIL_CHARS);
      };
      group.child[stream]!.on("data", (d: Buffer) => output(decoder.write(d)));
      group.child[stream]!.on("end", () => output(decoder.end()));
    }
    const every = opts.systemMetricsMs ?? (Number(env.SKILLBOARD_SYSTEM_METRICS_MS) || 10_000);
    const sampleCpu = cpuSampler();
    sampler = setInterval(async () => {
      const now = Date.now();
      const step = Math.floor((now - startedAt) / 1000);
      metrics.add(hostMetricPoints(sampleCpu(), step, now / 1000));
      const indices = jobGpuIndices(env);
      const gpus = await detectGpus(env);
      if (gpus.length) metrics.add(gpuMetricPoints(gpus, indices ?? gpus.map((g) => g.index), step, now / 1000));
      void metrics.flush();
    }, every);
  }

  const exit: ProcessExit = await group.exited;
  clearInterval(sampler);
  if (exit.spawnError) {
    const message = `cannot start ${JSON.stringify(opts.argv[0])} in ${cwd}: ${exit.spawnError.message}\n`;
    shipper.write("stderr", message);
    stderrTail += message;
    log(message.trim());
  } else {
    log(`run ${opts.runId}: exited (${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`})`);
  }
  await started;
  await shipper.close(reportTimeoutMs);
  await metrics.flush();
  const how = exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
  const error = exit.code === 0 ? null : stderrTail.trim() ? stderrTail : exit.spawnError ? exit.spawnError.message : `the process ended (${how}) with no stderr output`;
  await report({ event: "exited", exitCode: exit.code, signal: exit.signal, signaled: Boolean(signaled), error });
  for (const s of signals) process.off(s, onSignal);
  if (exit.spawnError) return 127;
  if (exit.signal) return 128 + (os.constants.signals[exit.signal] ?? 15);
  return exit.code ?? 1;
}

/** Host CPU use since the previous call, in percent. */
function cpuSampler(): () => number {
  const total = () => os.cpus().reduce((acc, c) => ({ idle: acc.idle + c.times.idle, all: acc.all + Object.values(c.times).reduce((a, b) => a + b, 0) }), { idle: 0, all: 0 });
  let prev = total();
  return () => {
    const cur = total();
    const all = cur.all - prev.all;
    const busy = all - (cur.idle - prev.idle);
    prev = cur;
    return all > 0 ? Math.round((1000 * busy) / all) / 10 : 0;
  };
}

/** `system/cpu_util` (percent of the node) and `system/mem_used_mib` (the node's used memory). */
export function hostMetricPoints(cpuUtil: number, step: number, wallTime: number): MetricPoint[] {
  return [
    { key: "system/cpu_util", step, value: cpuUtil, wallTime },
    { key: "system/mem_used_mib", step, value: Math.round((os.totalmem() - os.freemem()) / 2 ** 20), wallTime },
  ];
}
