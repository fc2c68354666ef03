/**
 * npm run bench:ingest [-- --points N --batch N --concurrency N --api-only]
 *
 * Ingests N metric points (default 1,000,000, one key, steps 0..N-1) through the
 * REST API of a real `bin/skillboard server` process in batches, then inserts the
 * same rows straight into a fresh SQLite file with better-sqlite3 in one
 * transaction, and prints both rates and their ratio. Finally it times
 * `GET …/metrics?maxPoints=1000` over the N-point series.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "@/db";
import { spawnServer } from "./spawn-server";

const { values: args } = parseArgs({
  options: {
    points: { type: "string", default: "1000000" },
    batch: { type: "string", default: "5000" },
    concurrency: { type: "string", default: "4" },
    "api-only": { type: "boolean", default: false },
    queries: { type: "string", default: "50" },
  },
});
const N = Number(args.points);
const BATCH = Number(args.batch);
const CONCURRENCY = Number(args.concurrency);
const KEY = "skill/editing/pass@1";
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

const value = (i: number) => 0.5 + 0.4 * Math.sin(i / 5000) + (i % 997 === 0 ? 0.3 : 0);
const wallTime = (i: number) => 1_760_000_000 + i * 0.01;

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-bench-"));
  const apiKey = "bench-key";
  const server = await spawnServer({ dataDir: path.join(tmp, "server"), apiKey, apiOnly: args["api-only"] });
  const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
  try {
    const run = await (await fetch(`${server.url}/api/v1/runs`, { method: "POST", headers, body: JSON.stringify({ name: "bench-ingest" }) })).json();

    // Bodies are serialised before the clock starts: the figure is the server's, not JSON.stringify's.
    const bodies: string[] = [];
    for (let start = 0, b = 0; start < N; start += BATCH, b++) {
      const points = [];
      for (let i = start; i < Math.min(N, start + BATCH); i++) points.push({ key: KEY, step: i, value: value(i), wallTime: wallTime(i) });
      bodies.push(JSON.stringify({ batchId: `bench-${b}`, points }));
    }
    // Warm up the route (first request compiles/loads the handler).
    await fetch(`${server.url}/api/v1/runs/${run.id}/metrics`, { method: "POST", headers, body: JSON.stringify({ batchId: "warmup", points: [] }) });

    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++];
          const res = await fetch(`${server.url}/api/v1/runs/${run.id}/metrics`, { method: "POST", headers, body });
          if (res.status !== 201) throw new Error(`ingest failed: ${res.status} ${await res.text()}`);
          await res.arrayBuffer();
        }
      }),
    );
    const apiSeconds = (performance.now() - t0) / 1000;
    const apiRate = N / apiSeconds;

    const latencies: number[] = [];
    let returned = 0;
    for (let q = 0; q < Number(args.queries); q++) {
      const t = performance.now();
      const res = await fetch(`${server.url}/api/v1/runs/${run.id}/metrics?keys=${encodeURIComponent(KEY)}&maxPoints=1000`, { headers });
      const body = await res.json();
      latencies.push(performance.now() - t);
      returned = body.series[KEY].length;
    }

    // The same rows straight into SQLite with better-sqlite3: one row per point in the row layout of
    // ARCHITECTURE.md (metric_points, primary key run + key + step), one prepared statement, one transaction,
    // with the server's pragmas (WAL, synchronous=NORMAL).
    const db = openDatabase(path.join(tmp, "raw", "raw.db"));
    const sqlite = db.$client;
    sqlite.exec(`CREATE TABLE metric_points (run_pk INTEGER NOT NULL, key_id INTEGER NOT NULL, step INTEGER NOT NULL,
      value REAL NOT NULL, wall_time REAL, PRIMARY KEY (run_pk, key_id, step)) WITHOUT ROWID`);
    const insert = sqlite.prepare("INSERT INTO metric_points (run_pk, key_id, step, value, wall_time) VALUES (?, ?, ?, ?, ?)");
    const t1 = performance.now();
    sqlite.transaction(() => {
      for (let i = 0; i < N; i++) insert.run(1, 1, i, value(i), wallTime(i));
    })();
    const rawRate = N / ((performance.now() - t1) / 1000);
    sqlite.close();

    console.log(`Ingest of ${fmt(N)} points in batches of ${fmt(BATCH)} (${CONCURRENCY} concurrent requests, ${args["api-only"] ? "API-only server" : "full server: dashboard + REST v1"}):`);
    console.log(`  REST API:        ${fmt(apiRate)} points/s (${apiSeconds.toFixed(2)} s)   target ≥ 250,000`);
    console.log(`  raw SQLite:      ${fmt(rawRate)} points/s (row per point, one transaction)`);
    console.log(`  ratio API / raw: ${(apiRate / rawRate).toFixed(2)}   target ≥ 0.5`);
    console.log(`Query maxPoints=1000 over the ${fmt(N)}-point series (${latencies.length} requests, ${returned} points back):`);
    console.log(`  p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms   target < 50 ms`);
  } finally {
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
