/**
 * npm run bench:lease [-- --samples 5 --lease-ms 3000]
 *
 * How soon a run whose worker died is declared lost. A real `bin/skillboard server` with a short
 * lease and real `bin/skillboard worker` processes on loopback: a worker runs a job that hangs, is
 * killed with -9, and a second worker (whose lease polls sweep expired leases) is started at once.
 * Measured per sample: kill → `lost` event. Target: within the lease plus one heartbeat (a third of the lease).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { REPO_ROOT, spawnServer } from "./spawn-server";

const { values: args } = parseArgs({ options: { samples: { type: "string", default: "5" }, "lease-ms": { type: "string", default: "3000" } } });
const SAMPLES = Number(args.samples);
const LEASE_MS = Number(args["lease-ms"]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-bench-lease-"));
  const recipes = path.join(tmp, "recipes");
  fs.mkdirSync(recipes);
  fs.writeFileSync(path.join(recipes, "hang.yaml"), `name: hang\nargv: ["${process.execPath}", "-e", "setInterval(() => {}, 1000)"]\nretry: {maxAttempts: 1}\n`);
  const apiKey = "bench-lease-key";
  const server = await spawnServer({ dataDir: path.join(tmp, "data"), apiKey, apiOnly: true, env: { SKILLBOARD_RECIPES_DIR: recipes, SKILLBOARD_LEASE_MS: String(LEASE_MS) } });
  const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
  const api = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${server.url}/api/v1${p}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const worker = (pool: string, id: string): ChildProcess =>
    spawn(path.join(REPO_ROOT, "bin/skillboard"), ["worker", "--url", server.url, "--gpus", "none", "--pool", pool, "--id", id, "--work-dir", path.join(tmp, id)], {
      env: { ...process.env, SKILLBOARD_API_KEY: apiKey },
      stdio: "ignore",
    });
  const procs: ChildProcess[] = [];
  const waitStatus = async (id: string, want: string[]) => {
    for (;;) {
      const run = await api("GET", `/runs/${id}`);
      if (want.includes(run.status)) return run;
      await sleep(20);
    }
  };
  const afterKill: number[] = [];
  const afterExpiry: number[] = [];
  try {
    for (let i = 0; i < SAMPLES; i++) {
      const pool = `lease-${i}`;
      const dying = worker(pool, `dying-${i}`);
      procs.push(dying);
      while (!(await api("GET", "/workers")).workers.some((w: { id: string; state: string }) => w.id === `dying-${i}` && w.state === "active")) await sleep(50);
      const { runs } = await api("POST", "/launches", { recipe: "hang", pool, name: `lease-${i}` });
      await waitStatus(runs[0].id, ["running"]);
      await sleep(LEASE_MS / 2);
      dying.kill("SIGKILL");
      const killedAt = Date.now();
      procs.push(worker(pool, `rescuer-${i}`));
      await waitStatus(runs[0].id, ["lost"]);
      const { events } = await api("GET", `/runs/${runs[0].id}/events`);
      const lost = events.at(-1).at as number;
      afterKill.push(lost - killedAt);
      afterExpiry.push(lost - (killedAt + LEASE_MS));
    }
    const fmt = (xs: number[]) => `min ${Math.min(...xs)} ms, max ${Math.max(...xs)} ms`;
    console.log(`Lease expiry: lease ${LEASE_MS} ms, heartbeat every ${LEASE_MS / 3} ms, ${SAMPLES} workers killed with -9`);
    console.log(`  kill → lost: ${fmt(afterKill)}   target < ${LEASE_MS + LEASE_MS / 3} ms (lease + one heartbeat)`);
    console.log(`  (lost − (kill + lease): ${fmt(afterExpiry)}; negative = the last renewal came before the kill)`);
  } finally {
    for (const p of procs) p.kill("SIGKILL");
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
