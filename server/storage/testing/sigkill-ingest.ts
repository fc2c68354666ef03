import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SkillboardClient, SkillboardHttpError } from "../../../sdk/ts/src/client";
import { ServerProcess } from "../../testing/server-process";
import { expectedLogLine, expectedValue, writerRunId } from "./ingest-expectations";
import { prng } from "../../testing/synthetic-trajectories";
import { waitUntil } from "./wait";

const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");
const WRITER = path.join(import.meta.dirname, "sdk-writer.ts");
const KEYS = ["a", "b"] as const;
const METRIC_WINDOW = 50_000;

export interface IngestFaultOptions {
  kills: number;
  writers: number;
  /** Seeds the kill points (how many more points to wait for before each kill). */
  seed?: number;
  log?: (line: string) => void;
}

export interface IngestFaultReport {
  seed: number;
  kills: number;
  writers: number;
  /** Metric points stored at the end (every one logged, exactly once). */
  points: number;
  logLines: number;
  trajectories: number;
  /** Per kill: SIGKILL → the restarted server listening. */
  restartMs: number[];
  /** Per kill: SIGKILL → the first point stored after the restart (the writers' retries and spools got through). */
  resumeMs: number[];
  durationMs: number;
  /** What was lost, stored twice or stored wrong; empty when the run passed. */
  problems: string[];
}

/** What one writer's run holds on the server. */
interface RunSnapshot {
  metrics: Record<(typeof KEYS)[number], Map<number, number>>;
  logs: string[];
  tasks: string[];
}

async function readRun(client: SkillboardClient, runId: string): Promise<RunSnapshot | null> {
  let summaries;
  try {
    summaries = await client.listMetricKeys(runId);
  } catch (error) {
    if (error instanceof SkillboardHttpError && error.status === 404) return null; // not created yet
    throw error;
  }
  const metrics = { a: new Map<number, number>(), b: new Map<number, number>() };
  for (const key of KEYS) {
    const maxStep = summaries.find((s) => s.key === key)?.maxStep ?? -1;
    for (let lo = 0; lo <= maxStep; lo += METRIC_WINDOW) {
      const series = await client.getMetrics(runId, { keys: [key], stepMin: lo, stepMax: lo + METRIC_WINDOW - 1, maxPoints: METRIC_WINDOW });
      for (const p of series[key] ?? []) metrics[key].set(p.step, p.value);
    }
  }
  const logs: string[] = [];
  for (let after = 0; ; ) {
    const page = await client.getLogs(runId, { after, limit: 10_000 });
    if (!page.chunks.length) break;
    logs.push(...page.chunks.map((c) => c.text));
    after = page.nextAfter;
  }
  const tasks: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTrajectories(runId, { limit: 1000, cursor });
    tasks.push(...page.trajectories.map((t) => t.taskId));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { metrics, logs, tasks };
}

/** Problems of one run's snapshot: a wrong value, a duplicate, or something an earlier snapshot had and this one lost. */
function checkSnapshot(writer: number, now: RunSnapshot, before: RunSnapshot | null, when: string): string[] {
  const problems: string[] = [];
  const say = (m: string) => problems.length < 10 && problems.push(`writer ${writer}, ${when}: ${m}`);
  for (const key of KEYS) {
    for (const [step, value] of now.metrics[key]) {
      if (value !== expectedValue(writer, key, step)) say(`${key}@${step} is ${value}, logged ${expectedValue(writer, key, step)}`);
    }
    for (const step of before?.metrics[key].keys() ?? []) if (!now.metrics[key].has(step)) say(`${key}@${step} was stored and is gone`);
  }
  for (const [what, items, earlier] of [["log line", now.logs, before?.logs], ["trajectory", now.tasks, before?.tasks]] as const) {
    const seen = new Set<string>();
    for (const item of items) {
      if (seen.has(item)) say(`${what} ${JSON.stringify(item)} is stored twice`);
      seen.add(item);
    }
    for (const item of earlier ?? []) if (!seen.has(item)) say(`${what} ${JSON.stringify(item)} was stored and is gone`);
  }
  for (const line of now.logs) {
    const step = Number(/ step (\d+)\n$/.exec(line)?.[1]);
    if (line !== expectedLogLine(writer, step)) say(`log line ${JSON.stringify(line)} was never logged`);
  }
  return problems;
}

/** Everything the writer logged in `steps` steps, exactly once. */
function checkComplete(writer: number, snap: RunSnapshot, steps: number): string[] {
  const problems: string[] = [];
  for (const key of KEYS) {
    const stored = snap.metrics[key];
    if (stored.size !== steps) problems.push(`writer ${writer}: ${key} has ${stored.size} points, ${steps} were logged`);
    for (let s = 0; s < steps && problems.length < 10; s++) if (!stored.has(s)) problems.push(`writer ${writer}: ${key}@${s} is missing`);
  }
  const expected = Array.from({ length: Math.ceil(steps / 10) }, (_, i) => i * 10);
  const logs = expected.map((s) => expectedLogLine(writer, s));
  if (JSON.stringify(snap.logs) !== JSON.stringify(logs)) problems.push(`writer ${writer}: the log has ${snap.logs.length} lines, ${logs.length} were logged (each once, in order)`);
  const tasks = expected.map((s) => `w${writer}-t${s}`).sort();
  if (JSON.stringify([...snap.tasks].sort()) !== JSON.stringify(tasks)) problems.push(`writer ${writer}: ${snap.tasks.length} trajectories stored, ${tasks.length} were logged (each once)`);
  return problems;
}

interface WriterResult {
  runId: string;
  steps: number;
  spooled: boolean;
  dropped: number;
}

interface WriterProcess {
  proc: ChildProcess;
  result: Promise<WriterResult>;
}

function startWriter(url: string, apiKey: string, runId: string, spoolDir: string, index: number): WriterProcess {
  const proc = spawn(process.execPath, ["--import", path.join(REPO_ROOT, "node_modules/tsx/dist/loader.mjs"), WRITER, url, apiKey, runId, spoolDir, String(index)], {
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(REPO_ROOT, "tsconfig.json") },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  proc.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const result = new Promise<WriterResult>((resolve, reject) =>
    proc.once("exit", (code) => {
      try {
        if (code !== 0) throw new Error(`exited with ${code}`);
        resolve(JSON.parse(out.trim().split("\n").at(-1)!));
      } catch (error) {
        reject(new Error(`writer ${index}: ${(error as Error).message}\n${out}\n${err}`));
      }
    }),
  );
  result.catch(() => {}); // awaited at the end; a writer killed after a failure must not be an unhandled rejection
  return { proc, result };
}

/**
 * SIGKILLs a real `bin/skillboard server` process `kills` times at random points while
 * `writers` trainer processes log through the TypeScript SDK (which retries, then spools);
 * restarts it each time on the same port and data folder. After every restart, each run
 * holds no duplicate, no wrong value, and everything an earlier restart saw; at the end,
 * every point, log line and trajectory logged is stored exactly once.
 */
export async function runSigkillIngest(opts: IngestFaultOptions): Promise<IngestFaultReport> {
  const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
  const rand = prng(seed);
  const log = opts.log ?? (() => {});
  const started = performance.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-sigkill-ingest-"));
  const apiKey = `sigkill-${Math.random().toString(36).slice(2)}`;
  const server = new ServerProcess(path.join(tmp, "data"), apiKey);
  const report: IngestFaultReport = { seed, kills: 0, writers: opts.writers, points: 0, logLines: 0, trajectories: 0, restartMs: [], resumeMs: [], durationMs: 0, problems: [] };
  const writers: WriterProcess[] = [];
  try {
    await server.start();
    const client = new SkillboardClient({ url: server.url, apiKey, timeoutMs: 30_000 });
    const salt = seed.toString(36);
    const runIds = Array.from({ length: opts.writers }, (_, i) => writerRunId(i, salt));
    runIds.forEach((runId, i) => writers.push(startWriter(server.url, apiKey, runId, path.join(tmp, `spool-${i}`), i)));

    const storedPoints = async () => {
      let total = 0;
      for (const runId of runIds) {
        try {
          total += (await client.listMetricKeys(runId)).reduce((n, k) => n + k.count, 0);
        } catch (error) {
          if (!(error instanceof SkillboardHttpError && error.status === 404)) throw error;
        }
      }
      return total;
    };
    const snapshots: (RunSnapshot | null)[] = runIds.map(() => null);
    const checkAll = async (when: string) => {
      for (let i = 0; i < runIds.length; i++) {
        const snap = await readRun(client, runIds[i]);
        if (!snap) continue;
        report.problems.push(...checkSnapshot(i, snap, snapshots[i], when));
        snapshots[i] = snap;
      }
    };

    for (let k = 1; k <= opts.kills; k++) {
      // A random point: after a random number of further points went in through this server process.
      const target = (await storedPoints()) + 100 + Math.floor(rand() * 900);
      await waitUntil(async () => (await storedPoints()) >= target, `${target} points stored before kill ${k}`);
      const killedAt = performance.now();
      await server.kill9();
      await server.start();
      report.restartMs.push(performance.now() - killedAt);
      const atRestart = await storedPoints();
      await waitUntil(async () => (await storedPoints()) > atRestart, `ingest to resume after kill ${k}`);
      report.resumeMs.push(performance.now() - killedAt);
      report.kills = k;
      await checkAll(`after kill ${k}`);
      log(`kill ${k}/${opts.kills}: restarted in ${Math.round(report.restartMs.at(-1)!)} ms, ingest resumed ${Math.round(report.resumeMs.at(-1)!)} ms after the kill, ${atRestart} points stored`);
    }

    for (const w of writers) w.proc.stdin!.end();
    const results = await Promise.all(writers.map((w) => w.result));
    for (const [i, r] of results.entries()) {
      if (r.spooled || r.dropped) report.problems.push(`writer ${i}: finished with spooled=${r.spooled}, dropped=${r.dropped}`);
      const snap = await readRun(client, runIds[i]);
      if (!snap) {
        report.problems.push(`writer ${i}: run ${runIds[i]} was never created`);
        continue;
      }
      report.problems.push(...checkSnapshot(i, snap, snapshots[i], "at the end"), ...checkComplete(i, snap, r.steps));
      report.points += snap.metrics.a.size + snap.metrics.b.size;
      report.logLines += snap.logs.length;
      report.trajectories += snap.tasks.length;
    }
  } finally {
    for (const w of writers) if (w.proc.exitCode === null) w.proc.kill("SIGKILL");
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  report.durationMs = performance.now() - started;
  return report;
}
