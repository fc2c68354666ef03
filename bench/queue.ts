/**
 * npm run bench:queue [-- --jobs 2000 --workers 4 --latency-samples 50]
 *
 * A real `bin/skillboard server` and N real `bin/skillboard worker` processes on
 * loopback. First, with the workers idle, jobs are launched one at a time and
 * the time from launch to `running` is read off each run's timeline (p50/p95).
 * Then `--jobs` short jobs (`true`) are launched at once and drained: jobs/s.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { REPO_ROOT, spawnServer } from "./spawn-server";

const { values: args } = parseArgs({
  options: {
    jobs: { type: "string", default: "2000" },
    workers: { type: "string", default: "4" },
    "latency-samples": { type: "string", default: "50" },
  },
});
const JOBS = Number(args.jobs);
const WORKERS = Number(args.workers);
const SAMPLES = Number(args["latency-samples"]);
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-bench-queue-"));
  const recipes = path.join(tmp, "recipes");
  fs.mkdirSync(recipes);
  fs.writeFileSync(path.join(recipes, "noop.yaml"), "name: noop\ndescription: exits at once\nargv: [\"true\"]\n");
  const apiKey = "bench-queue-key";
  const server = await spawnServer({ dataDir: path.join(tmp, "data"), apiKey, apiOnly: true, env: { SKILLBOARD_RECIPES_DIR: recipes } });
  const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
  const api = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${server.url}/api/v1${p}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const workers: ChildProcess[] = [];
  try {
    for (let i = 0; i < WORKERS; i++) {
      const w = spawn(
        path.join(REPO_ROOT, "bin/skillboard"),
        ["worker", "--url", server.url, "--gpus", "none", "--max-jobs", "1", "--id", `bench-w${i}`, "--work-dir", path.join(tmp, `work${i}`)],
        { env: { ...process.env, SKILLBOARD_API_KEY: apiKey }, stdio: "ignore" },
      );
      workers.push(w);
    }
    while ((await api("GET", "/workers")).workers.filter((w: { state: string }) => w.state === "active").length < WORKERS) await sleep(100);
    await sleep(500);

    // Launch → running, with idle workers.
    const latencies: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const { runs } = await api("POST", "/launches", { recipe: "noop", name: `latency-${i}` });
      let status = "queued";
      while (!["succeeded", "failed"].includes(status)) {
        await sleep(20);
        status = (await api("GET", `/runs/${runs[0].id}`)).status;
      }
      const { events } = await api("GET", `/runs/${runs[0].id}/events`);
      const queued = events.find((e: { kind: string }) => e.kind === "queued").at;
      const started = events.find((e: { kind: string }) => e.kind === "started").at;
      latencies.push(started - queued);
    }

    // Throughput: launch everything, then drain.
    const t0 = performance.now();
    const ids: string[] = [];
    for (let i = 0; i < JOBS; i++) ids.push((await api("POST", "/launches", { recipe: "noop", name: `drain-${i}`, group: "drain" })).runs[0].id);
    const launchedS = (performance.now() - t0) / 1000;
    for (;;) {
      const { runs } = await api("GET", "/runs?group=drain&limit=10000");
      const done = runs.filter((r: { status: string }) => r.status === "succeeded" || r.status === "failed").length;
      if (done >= JOBS) break;
      await sleep(250);
    }
    const seconds = (performance.now() - t0) / 1000;
    const failed = (await api("GET", "/runs?group=drain&status=failed&limit=10000")).runs.length;

    console.log(`Queue: ${WORKERS} workers on loopback, short jobs (argv: true)`);
    console.log(`  launch → running with idle workers (${SAMPLES} runs): p50 ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms   target p95 < 1000 ms`);
    console.log(`  drained ${JOBS} jobs in ${seconds.toFixed(1)} s: ${(JOBS / seconds).toFixed(1)} jobs/s (launching took ${launchedS.toFixed(1)} s; ${failed} failed)`);
  } finally {
    for (const w of workers) w.kill("SIGTERM");
    await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once("exit", r)))));
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
