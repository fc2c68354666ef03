/**
 * npm run bench:mlflow [-- --values N --keys K --clients C --concurrency R --full]
 *
 * N metric values (default 1,000,000) through MLflow's `runs/log-batch`, 1,000 per call as the
 * MLflow client sends them, each call K keys (default 10) × 1000/K consecutive steps, against a
 * real `bin/skillboard server` process:
 * 1. end to end with the real Python client: C processes (default: half the CPUs) each calling
 *    `MlflowClient.log_batch` on its own run; the clock covers the log_batch calls only (the
 *    Metric objects are built first);
 * 2. the server side alone: the exact bodies the client's RestStore serialises, captured first,
 *    posted R at a time (default 4) to one run;
 * 3. the same values in the same shape through native REST v1 (`POST /api/v1/runs/:id/metrics`,
 *    1,000 points per batch, R at a time); 2 and 3 alternate in slices of a tenth, so a change in
 *    the machine's load falls on both alike.
 * Every value the clients sent is checked to have landed before the figures are printed.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { testPython } from "@/server/testing/python-venv";
import { spawnServer } from "./spawn-server";

const { values: args } = parseArgs({
  options: {
    values: { type: "string", default: "1000000" },
    keys: { type: "string", default: "10" },
    clients: { type: "string", default: String(Math.max(1, Math.floor(os.availableParallelism() / 2))) },
    concurrency: { type: "string", default: "4" },
    full: { type: "boolean", default: false },
  },
});
const N = Number(args.values);
const KEYS = Number(args.keys);
const CLIENTS = Number(args.clients);
const CONCURRENCY = Number(args.concurrency);
const PER_CALL = 1000;
const STEPS_PER_CALL = Math.floor(PER_CALL / KEYS);
const TARGET = 100_000;
const API_KEY = "bench-key";
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

const CLIENT_SCRIPT = String.raw`
import json, math, os, sys, time
from mlflow import MlflowClient
from mlflow.entities import Metric
n, keys, per_call = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
steps_per_call = per_call // keys
client = MlflowClient()
run_id = client.create_run("0", run_name=f"bench-mlflow-{os.getpid()}").info.run_id
t_base = 1760000000000
batches = []
for start in range(0, n, per_call):
    call = start // per_call
    batch = []
    for s in range(steps_per_call):
        step = call * steps_per_call + s
        for k in range(keys):
            if len(batch) + start >= n: break
            batch.append(Metric(f"train/metric_{k}", 0.5 + 0.4 * math.sin(step / 5000 + k), t_base + step * 10, step))
    batches.append(batch)
if len(sys.argv) > 4:
    # Dump mode: the exact request bodies RestStore.log_batch sends, one per line, for the server-side replay.
    from mlflow.protos.service_pb2 import LogBatch
    from mlflow.utils.proto_json_utils import message_to_json
    with open(sys.argv[4], "w") as f:
        for batch in batches:
            f.write(json.dumps(message_to_json(LogBatch(run_id="RUN_ID", metrics=[m.to_proto() for m in batch]))) + "\n")
    sys.exit(0)
print("ready", flush=True)
sys.stdin.readline()
t0, c0 = time.perf_counter(), time.process_time()
for batch in batches:
    client.log_batch(run_id, metrics=batch)
elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
client.set_terminated(run_id)
print(json.dumps({"run_id": run_id, "seconds": elapsed, "cpu": cpu, "values": sum(len(b) for b in batches)}), flush=True)
`;

/** Starts C Python clients, waits until each has built its metrics, then releases them together. */
async function runMlflowClients(url: string, apiKey: string): Promise<{ seconds: number; cpuSeconds: number; values: number; runIds: string[] }> {
  const python = testPython();
  const share = Math.ceil(N / CLIENTS / PER_CALL) * PER_CALL;
  const clients = Array.from({ length: CLIENTS }, (_, i) => {
    const n = Math.max(0, Math.min(share, N - i * share));
    const child = spawn(python, ["-c", CLIENT_SCRIPT, String(n), String(KEYS), String(PER_CALL)], {
      env: { ...process.env, MLFLOW_TRACKING_URI: url, MLFLOW_TRACKING_TOKEN: apiKey, PYTHONUNBUFFERED: "1" },
      stdio: ["pipe", "pipe", "inherit"],
    });
    let out = "";
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d) => {
        out += d;
        if (out.includes("ready\n")) resolve();
      });
      child.once("exit", (code) => reject(new Error(`client exited ${code} before it was ready`)));
    });
    const done = new Promise<{ run_id: string; seconds: number; cpu: number; values: number }>((resolve, reject) =>
      child.once("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").at(-1)!)) : reject(new Error(`client exited ${code}: ${out}`)))),
    );
    return { child, ready, done };
  });
  await Promise.all(clients.map((c) => c.ready));
  for (const c of clients) c.child.stdin.end("go\n");
  const results = await Promise.all(clients.map((c) => c.done));
  // The clients start together; the slowest one's log_batch time is the run's.
  const seconds = Math.max(...results.map((r) => r.seconds));
  return {
    seconds,
    cpuSeconds: results.reduce((n, r) => n + r.cpu, 0),
    values: results.reduce((n, r) => n + r.values, 0),
    runIds: results.map((r) => r.run_id),
  };
}

/** The exact bodies the Python client's RestStore serialises for these calls, captured before any clock starts. */
async function captureMlflowBodies(url: string, apiKey: string, dumpFile: string, runId: string): Promise<string[]> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(testPython(), ["-c", CLIENT_SCRIPT, String(N), String(KEYS), String(PER_CALL), dumpFile], {
      env: { ...process.env, MLFLOW_TRACKING_URI: url, MLFLOW_TRACKING_TOKEN: apiKey },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`body dump exited ${code}`))));
  });
  return fs
    .readFileSync(dumpFile, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as string).replace('"RUN_ID"', JSON.stringify(runId)));
}

/** The same values in the same shape as REST v1 batches (1,000 points each). */
function restV1Bodies(): string[] {
  const bodies: string[] = [];
  for (let start = 0; start < N; start += PER_CALL) {
    const call = start / PER_CALL;
    const points = [];
    for (let s = 0; s < STEPS_PER_CALL; s++) {
      const step = call * STEPS_PER_CALL + s;
      for (let k = 0; k < KEYS && start + points.length < N; k++) {
        points.push({ key: `train/metric_${k}`, step, value: 0.5 + 0.4 * Math.sin(step / 5000 + k), wallTime: (1_760_000_000_000 + step * 10) / 1000 });
      }
    }
    bodies.push(JSON.stringify({ batchId: `bench-${call}`, points }));
  }
  return bodies;
}

/**
 * Posts both sets of bodies, CONCURRENCY requests at a time, alternating slices of a tenth
 * between the two doors so that a change in the machine's load falls on both alike.
 */
async function serverSideRates(url: string, doors: { path: string; bodies: string[]; ok: number }[]): Promise<{ seconds: number; values: number }[]> {
  const headers = { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" };
  const totals = doors.map(() => ({ seconds: 0, values: 0 }));
  const SLICES = 10;
  for (let slice = 0; slice < SLICES; slice++) {
    for (const [d, door] of doors.entries()) {
      const from = Math.floor((door.bodies.length * slice) / SLICES);
      const to = Math.floor((door.bodies.length * (slice + 1)) / SLICES);
      let next = from;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < to) {
            const body = door.bodies[next++];
            const res = await fetch(`${url}${door.path}`, { method: "POST", headers, body });
            if (res.status !== door.ok) throw new Error(`${door.path} failed: ${res.status} ${await res.text()}`);
            await res.arrayBuffer();
            totals[d].values += body.match(/"key":/g)?.length ?? 0;
          }
        }),
      );
      totals[d].seconds += (performance.now() - t0) / 1000;
    }
  }
  return totals;
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-bench-mlflow-"));
  const apiKey = API_KEY;
  const server = await spawnServer({ dataDir: path.join(tmp, "server"), apiKey, apiOnly: !args.full });
  try {
    const client = await runMlflowClients(server.url, apiKey);
    // Check what landed: every value of every client's run.
    let stored = 0;
    for (const runId of client.runIds) {
      const keys = await (await fetch(`${server.url}/api/v1/runs/${runId}/metric-keys`, { headers: { authorization: `Bearer ${apiKey}` } })).json();
      stored += keys.keys.reduce((n: number, k: { count: number }) => n + k.count, 0);
    }
    if (stored !== client.values) throw new Error(`stored ${stored} values, sent ${client.values}`);
    const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
    const mlflowRun = await (await fetch(`${server.url}/api/2.0/mlflow/runs/create`, { method: "POST", headers, body: JSON.stringify({ experiment_id: "0", run_name: "bench-replay" }) })).json();
    const restRun = await (await fetch(`${server.url}/api/v1/runs`, { method: "POST", headers, body: JSON.stringify({ name: "bench-rest-v1" }) })).json();
    const mlflowBodies = await captureMlflowBodies(server.url, apiKey, path.join(tmp, "bodies.jsonl"), mlflowRun.run.info.run_id);
    const [replay, rest] = await serverSideRates(server.url, [
      { path: "/api/2.0/mlflow/runs/log-batch", bodies: mlflowBodies, ok: 200 },
      { path: `/api/v1/runs/${restRun.id}/metrics`, bodies: restV1Bodies(), ok: 201 },
    ]);
    const rate = (r: { seconds: number; values: number }) => r.values / r.seconds;
    const line = (label: string, r: { seconds: number; values: number }, target?: number) =>
      console.log(`  ${label.padEnd(58)} ${fmt(rate(r)).padStart(9)} values/s (${r.seconds.toFixed(2)} s)${target ? `   target ≥ ${fmt(target)} ${rate(r) >= target ? "✓" : "✗"}` : ""}`);
    console.log(`${fmt(N)} metric values, 1,000 per call (${KEYS} key${KEYS === 1 ? "" : "s"} × ${STEPS_PER_CALL} steps), ${args.full ? "full server" : "API-only server"}, ${os.availableParallelism()} CPUs:`);
    line(`MLflow, real Python client (${CLIENTS} MlflowClient.log_batch process${CLIENTS > 1 ? "es" : ""})`, client, TARGET);
    line(`MLflow log-batch, the client's bodies replayed (${CONCURRENCY} concurrent)`, replay, TARGET);
    line(`REST v1 POST /runs/:id/metrics, same shape (${CONCURRENCY} concurrent)`, rest);
    console.log(`  server-side ratio MLflow / REST v1: ${(rate(replay) / rate(rest)).toFixed(2)}`);
    // The client's own CPU (MLflow's pure-Python proto → JSON serialisation) bounds what one process can send.
    const clientCeiling = client.values / client.cpuSeconds;
    console.log(
      `  the Python client's own CPU: ${((1000 * client.cpuSeconds * 1000) / client.values).toFixed(1)} ms per 1,000 values → at most ${fmt(clientCeiling)} values/s per client process;` +
        ` ${TARGET.toLocaleString("en-US")} values/s end to end needs ≥ ${Math.ceil(TARGET / clientCeiling)} client processes on their own cores beside the server (this machine: ${os.availableParallelism()} CPUs)`,
    );
  } finally {
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
