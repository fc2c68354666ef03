/**
 * One worker thread of `measureWriters`: several trainers, each its own SDK
 * `Run` (own queue, batching and sender), logging 5 skills + 20 other keys a
 * step. The thread's fetch is wrapped to time every append the SDK sends and
 * to catch any 5xx or SQLITE_BUSY that reaches it.
 *
 * Messages in: {phase: "paced", seconds, stepsPerSecond} | {phase: "capacity", seconds, stepsPerBatch} | {phase: "finish"}.
 * Each answers with a `PhaseReport`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { Run } from "../../sdk/ts/src/index";

export interface WriterThreadData {
  url: string;
  apiKey: string;
  /** Global indices of this thread's writers. */
  writers: number[];
  group: string;
}

export interface PhaseReport {
  /** Points the server acknowledged in this phase. */
  points: number;
  /** Milliseconds of every metric append (HTTP round trip as the SDK saw it). */
  appendMs: number[];
  /** Microseconds `run.log()` took (the trainer's cost of logging one step). */
  logMicros: number[];
  /** How late each paced tick fired, ms (the thread's event loop, shared by its writers). */
  lateMs: number[];
  /** Answers ≥ 500, and how many of them named SQLITE_BUSY. */
  serverErrors: number;
  busy: number;
  /** Answers 429 (the server asking to slow down; the SDK retries them). */
  throttled: number;
  /** Requests that got no answer. */
  networkErrors: number;
  warnings: string[];
  seconds: number;
}

const SKILLS = ["localization", "editing", "unit_test", "review", "reproduction"];
/** 25 keys a step: the 5 skills' Pass@1 and 20 others. */
const KEYS = [
  ...SKILLS.map((s) => `skill/${s}/pass@1`),
  ...["loss", "kl", "entropy", "grad_norm", "lr", "reward_mean", "reward_std", "adv_mean", "clip_frac", "resp_len"].map((k) => `train/${k}`),
  ...SKILLS.map((s) => `skill/${s}/avg_steps`),
  ...["tokens_per_s", "step_time", "rollout_time", "gpu_mem", "queue_len"].map((k) => `perf/${k}`),
];

const data = workerData as WriterThreadData;
let report = emptyReport();

function emptyReport(): PhaseReport {
  return { points: 0, appendMs: [], logMicros: [], lateMs: [], serverErrors: 0, busy: 0, throttled: 0, networkErrors: 0, warnings: [], seconds: 0 };
}

const realFetch = globalThis.fetch;
globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
  const isAppend = String(input instanceof Request ? input.url : input).endsWith("/metrics") && init?.method === "POST";
  const t = performance.now();
  let res: Response;
  try {
    res = await realFetch(input, init);
  } catch (error) {
    report.networkErrors++;
    throw error;
  }
  if (isAppend) report.appendMs.push(performance.now() - t);
  if (res.status === 429) report.throttled++;
  if (res.status >= 500) {
    report.serverErrors++;
    const text = await res.clone().text();
    if (/SQLITE_BUSY|database is locked/i.test(text)) report.busy++;
  }
  return res;
};

const spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-bench-writers-"));
const runs = data.writers.map(
  (i) =>
    new Run({
      url: data.url,
      apiKey: data.apiKey,
      name: `writer-${String(i).padStart(2, "0")}`,
      group: data.group,
      config: { writer: i, seed: i },
      spoolDir,
      finishOnExit: false,
      flushAtPending: 10_000,
      warn: (m) => report.warnings.length < 20 && report.warnings.push(m),
    }),
);
const steps = runs.map(() => 0);

function values(writer: number, step: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (let k = 0; k < KEYS.length; k++) out[KEYS[k]] = ((writer * 31 + k * 17 + step) % 1000) / 1000;
  return out;
}

function logStep(w: number) {
  const v = values(data.writers[w], steps[w]);
  const t = performance.now();
  runs[w].log(v, steps[w]++);
  report.logMicros.push((performance.now() - t) * 1000);
}

/** Ticks of a paced writer: a trainer logging N steps a second logs N / 10 every 100 ms (at 10 steps/s, one). */
const TICK_MS = 100;

/** `stepsPerSecond` steps a second per writer, as a trainer would; the SDK sends in the background. */
async function paced(seconds: number, stepsPerSecond: number) {
  const start = performance.now();
  const before = steps.reduce((a, b) => a + b, 0);
  await Promise.all(
    runs.map(async (_, w) => {
      // Writers start spread over one tick, as independent trainers would.
      let due = start + (w / runs.length) * TICK_MS;
      let owed = 0;
      while (due < start + seconds * 1000) {
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        report.lateMs.push(Math.max(0, performance.now() - due));
        for (owed += (stepsPerSecond * TICK_MS) / 1000; owed >= 1; owed--) logStep(w);
        due += TICK_MS;
      }
    }),
  );
  await Promise.all(runs.map((r) => r.flush()));
  report.points = (steps.reduce((a, b) => a + b, 0) - before) * KEYS.length;
}

/** As fast as the server takes it: a full batch per writer, the next as soon as it is acknowledged. */
async function capacity(seconds: number, stepsPerBatch: number) {
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    runs.map(async (run, w) => {
      while (performance.now() < end) {
        for (let i = 0; i < stepsPerBatch; i++) logStep(w);
        await run.flush();
        report.points += stepsPerBatch * KEYS.length;
      }
    }),
  );
}

parentPort!.on("message", async (msg: { phase: "paced" | "capacity" | "finish"; seconds?: number; stepsPerSecond?: number; stepsPerBatch?: number }) => {
  report = emptyReport();
  const t = performance.now();
  if (msg.phase === "paced") await paced(msg.seconds!, msg.stepsPerSecond!);
  else if (msg.phase === "capacity") await capacity(msg.seconds!, msg.stepsPerBatch!);
  else await Promise.all(runs.map((r) => r.finish("succeeded")));
  report.seconds = (performance.now() - t) / 1000;
  parentPort!.postMessage(report);
  if (msg.phase === "finish") fs.rmSync(spoolDir, { recursive: true, force: true });
});
