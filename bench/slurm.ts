/**
 * npm run bench:slurm [-- --jobs 500 --poll 1 --job-seconds 1]
 *
 * A real `bin/skillboard server` with a Slurm pool on the one-node test cluster
 * of scripts/slurm-cluster.sh (started when it is not running). `--jobs` short
 * jobs are launched at once; the bench reports
 *   - the submission rate: launched → every job accepted by sbatch (jobs/s),
 *     beside the rate of plain sequential sbatch calls on the same cluster;
 *   - the delay between Slurm changing a job's state (PENDING → RUNNING,
 *     RUNNING → COMPLETED) and the run's timeline showing it (p50/p95), which
 *     is what the run page shows. Slurm's side is observed by a watcher that
 *     runs `squeue` every 100 ms (so it sees each change up to ~0.1 s late).
 * The jobs run the command directly (a stand-in for the in-job wrapper that
 * reports nothing), so every state the run shows comes from the server's polls.
 * Target: p95 < 2 × the poll interval.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import YAML from "yaml";
import { REPO_ROOT, spawnServer } from "./spawn-server";

const { values: args } = parseArgs({
  options: {
    jobs: { type: "string", default: "500" },
    poll: { type: "string", default: "1" },
    "job-seconds": { type: "string", default: "1" },
    concurrency: { type: "string", default: "8" },
  },
});
const JOBS = Number(args.jobs);
const POLL_S = Number(args.poll);
const percentile = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : NaN);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
  execFileSync("bash", [path.join(REPO_ROOT, "scripts/slurm-cluster.sh"), "start"], { stdio: "inherit" });
  const slurmConf = execFileSync("bash", [path.join(REPO_ROOT, "scripts/slurm-cluster.sh"), "env"], { encoding: "utf8" }).trim().replace(/^SLURM_CONF=/, "");
  const env = { ...process.env, SLURM_CONF: slurmConf };

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-bench-slurm-"));
  const recipes = path.join(tmp, "recipes");
  fs.mkdirSync(recipes);
  fs.writeFileSync(
    path.join(recipes, "short.yaml"),
    YAML.stringify({ name: "short", argv: ["sleep", args["job-seconds"]], params: { seed: { type: "int", default: 0 } }, pool: "bench" }),
  );
  // Stands in for `skillboard exec`: drops the wrapper's options and runs the command.
  const exec = path.join(tmp, "exec.sh");
  fs.writeFileSync(exec, '#!/bin/sh\nwhile [ "$#" -gt 0 ] && [ "$1" != "--" ]; do shift; done\nshift\nexec "$@"\n');
  fs.chmodSync(exec, 0o755);
  const poolsFile = path.join(tmp, "skillboard.config.yaml");
  fs.writeFileSync(
    poolsFile,
    YAML.stringify({
      pools: { bench: { type: "slurm", partition: "debug", timeLimit: "10", pollInterval: POLL_S, submitConcurrency: Number(args.concurrency), skillboardCommand: [exec] } },
    }),
  );

  // Plain sbatch, sequentially, for comparison.
  const baselineN = 20;
  const b0 = Date.now();
  const baselineIds: string[] = [];
  for (let i = 0; i < baselineN; i++) {
    baselineIds.push(execFileSync("sbatch", ["--parsable", "--partition=parked", "--job-name=bench-baseline"], { input: "#!/bin/sh\ntrue\n", env, encoding: "utf8" }).trim());
  }
  const baselineRate = baselineN / ((Date.now() - b0) / 1000);
  execFileSync("scancel", baselineIds, { env });

  const apiKey = "bench-slurm-key";
  const server = await spawnServer({ dataDir: path.join(tmp, "data"), apiKey, apiOnly: true, env: { ...env, SKILLBOARD_RECIPES_DIR: recipes, SKILLBOARD_POOLS_FILE: poolsFile } });
  const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
  const api = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${server.url}/api/v1${p}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
    return res.json();
  };

  // Slurm's side: the first time each job is seen in each state.
  const seen = new Map<string, Map<string, number>>();
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const out = await new Promise<string>((resolve) => {
        const p = spawn("squeue", ["--noheader", "--states=all", "--format=%j|%T"], { env });
        let text = "";
        p.stdout.on("data", (d) => (text += d));
        p.on("close", () => resolve(text));
      });
      const at = Date.now();
      for (const line of out.split("\n")) {
        const [name, state] = line.split("|");
        if (!name?.startsWith("sb-")) continue;
        const runId = name.slice(3).replace(/\.\d+$/, "");
        const states = seen.get(runId) ?? new Map<string, number>();
        if (!states.has(state)) states.set(state, at);
        seen.set(runId, states);
      }
      await sleep(100);
    }
  })();

  try {
    const t0 = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < JOBS; i += 100) {
      const n = Math.min(100, JOBS - i);
      const { runs } = await api("POST", "/launches", { recipe: "short", seeds: Array.from({ length: n }, (_, k) => i + k), name: `bench-${i}` });
      ids.push(...runs.map((r: { id: string }) => r.id));
    }
    const launchedMs = Date.now() - t0;
    let last = 0;
    for (;;) {
      const done = (await api("GET", `/runs?status=succeeded&limit=${JOBS + 10}`)).runs.length + (await api("GET", `/runs?status=failed&limit=${JOBS + 10}`)).runs.length;
      if (done !== last) process.stdout.write(`\r${done}/${JOBS} ended`);
      last = done;
      if (done >= JOBS) break;
      await sleep(1000);
    }
    process.stdout.write("\n");
    const drainMs = Date.now() - t0;
    watching = false;
    await watcher;

    const submittedAt: number[] = [];
    const toRunning: number[] = [];
    const toFinal: number[] = [];
    let failed = 0;
    for (const id of ids) {
      const { events } = await api("GET", `/runs/${id}/events`);
      const at = (kind: string) => events.find((e: { kind: string }) => e.kind === kind)?.at as number | undefined;
      const sub = at("submitted");
      if (sub) submittedAt.push(sub);
      if (at("failed")) failed++;
      const slurm = seen.get(id);
      const running = at("running");
      const slurmRunning = slurm?.get("RUNNING");
      if (running && slurmRunning) toRunning.push(running - slurmRunning);
      const final = at("succeeded") ?? at("failed");
      const slurmFinal = slurm?.get("COMPLETED") ?? slurm?.get("FAILED");
      if (final && slurmFinal) toFinal.push(final - slurmFinal);
    }
    const submitMs = Math.max(...submittedAt) - t0;
    const all = [...toRunning, ...toFinal];
    const p95 = percentile(all, 95);
    console.log(`\nSlurm pool benchmark: ${JOBS} jobs of \`sleep ${args["job-seconds"]}\`, poll interval ${POLL_S} s, ${args.concurrency} submissions at once`);
    console.log(`  launch requests:     ${fmt(launchedMs)} for ${JOBS} runs`);
    console.log(`  submission:          all in sbatch after ${fmt(submitMs)}: ${(JOBS / (submitMs / 1000)).toFixed(1)} jobs/s (plain sequential sbatch here: ${baselineRate.toFixed(1)} jobs/s)`);
    console.log(`  drained:             ${fmt(drainMs)} (${failed} failed)`);
    console.log(`  Slurm → run, PENDING → RUNNING:  p50 ${fmt(percentile(toRunning, 50))}, p95 ${fmt(percentile(toRunning, 95))} (${toRunning.length} observed)`);
    console.log(`  Slurm → run, RUNNING → COMPLETED: p50 ${fmt(percentile(toFinal, 50))}, p95 ${fmt(percentile(toFinal, 95))} (${toFinal.length} observed)`);
    console.log(`  all state changes: p50 ${fmt(percentile(all, 50))}, p95 ${fmt(p95)}; target p95 < ${fmt(2 * POLL_S * 1000)}: ${p95 < 2 * POLL_S * 1000 ? "met" : "NOT met"}`);
  } finally {
    watching = false;
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
