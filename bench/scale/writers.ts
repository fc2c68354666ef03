/**
 * Many writers for `npm run bench:scale`: 64 trainers logging at once through
 * the real TypeScript SDK (sdk/ts), each 5 skills + 20 other keys a step,
 * while the runs page polls the list every 2 s as its Live mode does.
 *
 * The trainers are 64 SDK `Run` instances in worker threads (default 4
 * threads × 16): each has its own queue, batching, retries and sender, as a
 * trainer process would, but 64 Node processes beside the server are more
 * than a 2-core machine can drive, so they share a few event loops.
 *
 * Three phases over the same runs:
 *  - nominal: 10 steps/s per writer (16,000 points/s offered in all), the SDK
 *    sending on its own 1 s timer: append latency, what `log()` costs the
 *    trainer, and nothing but 2xx reaching a client;
 *  - target rate: 200,000 points/s offered in all (125 steps/s per writer):
 *    whether the server keeps up, and the append latency p95 at that rate;
 *  - capacity: every writer logs a full batch (10,000 points), waits for it to
 *    be acknowledged, logs the next: the points/s the server takes (latency
 *    here is queueing: 64 batches in flight over the server's rate).
 * Targets: ≥ 200,000 points/s in total with p95 append < 250 ms, no
 * SQLITE_BUSY or 5xx reaching a client.
 */
import { Worker } from "node:worker_threads";
import type { Row } from "./row";
import type { PhaseReport, WriterThreadData } from "./writer-thread";

export interface WritersOptions {
  url: string;
  apiKey: string;
  writers?: number;
  threads?: number;
  /** Seconds of each phase. */
  seconds?: number;
  /** Points/s offered in all in the target-rate phase. */
  rate?: number;
  /** Called with each phase's summary line as it ends. */
  log?: (line: string) => void;
}

const KEYS_PER_STEP = 25;
const STEPS_PER_SECOND = 10;
const STEPS_PER_BATCH = 400; // 10,000 points: one full REST v1 batch
const POLL_MS = 2000;

const percentile = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : NaN);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

function startThread(data: WriterThreadData): Worker {
  const file = new URL("./writer-thread.ts", import.meta.url).href;
  // Worker threads do not inherit tsx's loader: register it, then load the TypeScript module.
  return new Worker(`import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(file)}); })`, { eval: true, workerData: data });
}

function ask(worker: Worker, msg: object): Promise<PhaseReport> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    worker.once("error", onError);
    worker.once("message", (r: PhaseReport) => {
      worker.off("error", onError);
      resolve(r);
    });
    worker.postMessage(msg);
  });
}

function merge(reports: PhaseReport[]): PhaseReport {
  return {
    points: reports.reduce((a, r) => a + r.points, 0),
    appendMs: reports.flatMap((r) => r.appendMs),
    logMicros: reports.flatMap((r) => r.logMicros),
    lateMs: reports.flatMap((r) => r.lateMs),
    serverErrors: reports.reduce((a, r) => a + r.serverErrors, 0),
    busy: reports.reduce((a, r) => a + r.busy, 0),
    throttled: reports.reduce((a, r) => a + r.throttled, 0),
    networkErrors: reports.reduce((a, r) => a + r.networkErrors, 0),
    warnings: reports.flatMap((r) => r.warnings),
    seconds: Math.max(...reports.map((r) => r.seconds)),
  };
}

/** The runs page's Live poll: the newest runs every 2 s, timed, until stopped. */
function pollRunsPage(url: string, apiKey: string) {
  const ms: number[] = [];
  let failures = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const t = performance.now();
      try {
        const res = await fetch(`${url}/api/v1/runs?limit=100`, { headers: { authorization: `Bearer ${apiKey}` } });
        await res.arrayBuffer();
        if (!res.ok) failures++;
      } catch {
        failures++;
      }
      ms.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, Math.max(0, POLL_MS - (performance.now() - t))));
    }
  })();
  return {
    ms,
    get failures() {
      return failures;
    },
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

export async function measureWriters(opts: WritersOptions): Promise<Row[]> {
  const writers = opts.writers ?? 64;
  const threads = Math.min(opts.threads ?? 4, writers);
  const seconds = opts.seconds ?? 20;
  const log = opts.log ?? ((line: string) => console.log(line));
  const group = `bench-writers-${Date.now().toString(36)}`;
  const workers = Array.from({ length: threads }, (_, t) =>
    startThread({ url: opts.url, apiKey: opts.apiKey, group, writers: Array.from({ length: writers }, (_, i) => i).filter((i) => i % threads === t) }),
  );
  const rows: Row[] = [];
  try {
    const phase = async (msg: object) => {
      const poll = pollRunsPage(opts.url, opts.apiKey);
      const report = merge(await Promise.all(workers.map((w) => ask(w, msg))));
      await poll.stop();
      return { report, poll: { ms: poll.ms, failures: poll.failures } };
    };

    const summary = (label: string, r: Awaited<ReturnType<typeof phase>>, extra = "") =>
      log(
        `  writers, ${label}: ${fmt(r.report.points / r.report.seconds)} points/s stored, ${r.report.appendMs.length} appends, ` +
          `p50 ${percentile(r.report.appendMs, 50).toFixed(0)} ms, p95 ${percentile(r.report.appendMs, 95).toFixed(0)} ms, max ${Math.max(...r.report.appendMs).toFixed(0)} ms, ` +
          `runs-page poll p95 ${percentile(r.poll.ms, 95).toFixed(0)} ms${extra}`,
      );

    const nominal = await phase({ phase: "paced", seconds, stepsPerSecond: STEPS_PER_SECOND });
    const nominalOffered = writers * STEPS_PER_SECOND * KEYS_PER_STEP;
    summary(
      `nominal (${writers} × ${STEPS_PER_SECOND} steps/s × ${KEYS_PER_STEP} keys = ${fmt(nominalOffered)} points/s offered)`,
      nominal,
      `; log() p99 ${percentile(nominal.report.logMicros, 99).toFixed(0)} µs, ticks late p99 ${percentile(nominal.report.lateMs, 99).toFixed(0)} ms`,
    );

    const rate = opts.rate ?? 200_000;
    const atRate = await phase({ phase: "paced", seconds, stepsPerSecond: rate / writers / KEYS_PER_STEP });
    summary(`${fmt(rate)} points/s offered (${fmt(rate / writers / KEYS_PER_STEP)} steps/s each)`, atRate, `; ticks late p99 ${percentile(atRate.report.lateMs, 99).toFixed(0)} ms`);

    const capacity = await phase({ phase: "capacity", seconds, stepsPerBatch: STEPS_PER_BATCH });
    summary(`capacity (batches of ${fmt(STEPS_PER_BATCH * KEYS_PER_STEP)}, one in flight per writer)`, capacity);
    const finish = merge(await Promise.all(workers.map((w) => ask(w, { phase: "finish" }))));

    const phases = [nominal, atRate, capacity];
    const reports = [...phases.map((p) => p.report), finish];
    const errors = reports.reduce((a, r) => a + r.serverErrors + r.networkErrors, 0) + phases.reduce((a, p) => a + p.poll.failures, 0);
    const busy = reports.reduce((a, r) => a + r.busy, 0);
    const throttled = reports.reduce((a, r) => a + r.throttled, 0);
    const warnings = reports.flatMap((r) => r.warnings);
    if (warnings.length) log(`  writers: SDK warnings: ${warnings.slice(0, 5).join(" | ")}`);
    const capacityRate = capacity.report.points / capacity.report.seconds;
    const atRateStored = atRate.report.points / atRate.report.seconds;
    const p95AtRate = percentile(atRate.report.appendMs, 95);
    const p95Nominal = percentile(nominal.report.appendMs, 95);
    const logP99 = percentile(nominal.report.logMicros, 99);
    rows.push(
      { name: `${writers} writers: points/s, as fast as the server acknowledges (SDK, ${threads} threads)`, value: Math.round(capacityRate), unit: "points/s", target: "≥ 200,000", ok: capacityRate >= 200_000 },
      { name: `${writers} writers at ${fmt(rate)} points/s offered: stored per second`, value: Math.round(atRateStored), unit: "points/s", target: `≥ ${fmt(rate * 0.95)}`, ok: atRateStored >= rate * 0.95 },
      { name: `${writers} writers at ${fmt(rate)} points/s offered: p95 append, runs page polling`, value: Math.round(p95AtRate), unit: "ms", target: "< 250 ms", ok: p95AtRate < 250 },
      { name: `${writers} writers at the nominal 10 steps/s: p95 append, runs page polling`, value: Math.round(p95Nominal), unit: "ms", target: "< 250 ms", ok: p95Nominal < 250 },
      { name: `${writers} writers: SDK log() per step, p99 (the trainer never waits on the network)`, value: Math.round(logP99), unit: "µs", target: "< 1,000 µs", ok: logP99 < 1000 },
      { name: `${writers} writers: 5xx / SQLITE_BUSY / no answer reaching a client (${busy} SQLITE_BUSY, ${throttled} 429)`, value: errors, unit: "responses", target: "0", ok: errors === 0 },
      { name: `${writers} writers: runs-page poll p95 at ${fmt(rate)} points/s`, value: Math.round(percentile(atRate.poll.ms, 95)), unit: "ms", target: "—", ok: true },
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return rows;
}
