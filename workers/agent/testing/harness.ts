import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { startServer, type RunningServer } from "@/server/http/start-server";

/** Helpers for the worker agent's integration tests: a real server with recipes, real processes. */

export const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");
export const TSX_LOADER = path.join(REPO_ROOT, "node_modules/tsx/dist/loader.mjs");
export const NODE = process.execPath;

export const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), `skillboard-worker-${prefix}-`));

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `fn` until it returns something truthy; throws with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 30_000, intervalMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last})` : ""}`);
    await sleep(intervalMs);
  }
}

/** Whether a process exists and is not a zombie (this container's init may not reap orphans). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

export function killQuietly(pid: number | undefined, signal: NodeJS.Signals = "SIGKILL") {
  if (!pid) return;
  try {
    process.kill(pid, signal);
  } catch {
    // gone already
  }
}

export interface RecipeSpec {
  name: string;
  argv: string[];
  params?: Record<string, unknown>;
  resources?: { gpus: number };
  retry?: { maxAttempts: number };
  pool?: string;
  env?: Record<string, string>;
}

/** A directory holding an executable `nvidia-smi` that prints `csv` (and checks it was asked the right query). */
export function fakeNvidiaSmi(csv: string): string {
  const dir = tempDir("nvsmi");
  const file = path.join(dir, "nvidia-smi");
  fs.writeFileSync(
    file,
    `#!/bin/sh\n[ "$1" = "--query-gpu=index,name,memory.total,memory.used,utilization.gpu" ] && [ "$2" = "--format=csv,noheader,nounits" ] || exit 9\ncat <<'EOF'\n${csv}EOF\n`,
  );
  fs.chmodSync(file, 0o755);
  return dir;
}

/** Writes a script file and returns its absolute path. */
export function writeScript(dir: string, name: string, source: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, source);
  return file;
}

export interface LogChunkView {
  seq: number;
  stream: "stdout" | "stderr";
  text: string;
}

/**
 * A real REST server (API only, real SQLite in a temp folder) whose recipes
 * come from a temp folder; `stop()` and `start()` bring it down and back on
 * the same port and data. One per test file (the app context is process-global).
 */
export class AgentTestServer {
  readonly apiKey = `worker-test-${Math.random().toString(36).slice(2)}`;
  readonly dataDir = tempDir("data");
  readonly recipesDir = tempDir("recipes");
  port = 0;
  private running?: RunningServer;

  constructor(
    recipes: RecipeSpec[],
    private readonly leaseMs?: number,
  ) {
    for (const r of recipes) fs.writeFileSync(path.join(this.recipesDir, `${r.name}.yaml`), YAML.stringify(r));
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    if (this.running) return this;
    process.env.SKILLBOARD_RECIPES_DIR = this.recipesDir;
    this.running = await startServer({
      config: { port: this.port, host: "127.0.0.1", dataDir: this.dataDir, bootstrapApiKey: this.apiKey, leaseMs: this.leaseMs },
      rootDir: REPO_ROOT,
      apiOnly: true,
      log: () => {},
    });
    this.port = this.running.port;
    return this;
  }

  async stop(): Promise<void> {
    const r = this.running;
    this.running = undefined;
    await r?.close();
  }

  async api(pathname: string, body?: unknown, method = body === undefined ? "GET" : "POST"): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.url}/api/v1${pathname}`, {
      method,
      headers: { authorization: `Bearer ${this.apiKey}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  async launch(recipe: string, params: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Promise<string> {
    const res = await this.api("/launches", { recipe, params, ...extra });
    if (res.status !== 201) throw new Error(`launch ${recipe}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.runs[0].id;
  }

  async run(id: string): Promise<any> {
    return (await this.api(`/runs/${id}`)).body;
  }

  async events(id: string): Promise<{ kind: string; message: string; at: number }[]> {
    return (await this.api(`/runs/${id}/events`)).body.events;
  }

  /** Waits until the run has one of `statuses` and returns it. */
  waitForStatus(id: string, statuses: string[], timeoutMs = 60_000): Promise<any> {
    return waitFor(`run ${id} to be ${statuses.join("/")}`, async () => {
      const run = await this.run(id);
      return statuses.includes(run.status) ? run : null;
    }, timeoutMs);
  }

  async logs(id: string): Promise<LogChunkView[]> {
    const out: LogChunkView[] = [];
    for (let after = 0; ; ) {
      const page = (await this.api(`/runs/${id}/logs?after=${after}&limit=1000`)).body;
      if (!page.chunks.length) return out;
      out.push(...page.chunks);
      after = page.nextAfter;
    }
  }

  /** The text of one stream of the run's log. */
  async streamText(id: string, stream: "stdout" | "stderr"): Promise<string> {
    return (await this.logs(id)).filter((c) => c.stream === stream).map((c) => c.text).join("");
  }

  async metrics(id: string, keys: string[]): Promise<Record<string, { step: number; value: number }[]>> {
    return (await this.api(`/runs/${id}/metrics?keys=${encodeURIComponent(keys.join(","))}`)).body.series;
  }
}

/** `bin/skillboard worker` as a real subprocess; resolves once it registered. */
export async function spawnWorkerProcess(
  server: { url: string; apiKey: string },
  args: string[],
  env: Record<string, string> = {},
): Promise<{ proc: ChildProcess; output: () => string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const k of ["SKILLBOARD_RUN_ID", "SKILLBOARD_MANAGED", "SKILLBOARD_RECIPES_DIR"]) delete childEnv[k];
  const proc = spawn(path.join(REPO_ROOT, "bin/skillboard"), ["worker", "--url", server.url, "--api-key", server.apiKey, ...args], {
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  proc.stdout!.on("data", (d) => (output += d));
  proc.stderr!.on("data", (d) => (output += d));
  await waitFor("the worker process to register", () => {
    if (proc.exitCode !== null) throw new Error(`worker exited with ${proc.exitCode}: ${output}`);
    return output.includes("registered with");
  }, 30_000);
  return { proc, output: () => output };
}
