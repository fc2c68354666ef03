import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import YAML from "yaml";
import { AgentTestServer, REPO_ROOT, tempDir, type RecipeSpec } from "@/workers/agent/testing/harness";

/** Helpers for the cluster-pool integration tests: the one-node Slurm cluster, a server with a pools file, counted commands. */

/**
 * Starts (or reuses) the test cluster of scripts/slurm-cluster.sh and points
 * the Slurm commands of this process at it. Throws with the script's output
 * when it cannot come up (it needs root, or slurm-wlm and munge installed).
 */
export function ensureSlurmCluster(): string {
  const script = path.join(REPO_ROOT, "scripts/slurm-cluster.sh");
  try {
    execFileSync("bash", [script, "start"], { stdio: ["ignore", "pipe", "pipe"], timeout: 300_000 });
  } catch (error) {
    const e = error as { stderr?: Buffer; stdout?: Buffer };
    throw new Error(`scripts/slurm-cluster.sh start failed (the Slurm tests need root, or slurm-wlm and munge installed):\n${e.stderr ?? ""}${e.stdout ?? ""}`);
  }
  const conf = execFileSync("bash", [script, "env"], { encoding: "utf8" }).trim().replace(/^SLURM_CONF=/, "");
  process.env.SLURM_CONF = conf;
  return conf;
}

export interface RayTestCluster {
  /** The head's dashboard: the Jobs API. */
  address: string;
  /** Its auth token (the head runs with RAY_AUTH_MODE=token). */
  token: string;
}

/**
 * Starts (or reuses) the one-node Ray head of scripts/ray-cluster.sh and
 * returns its address; sets SKILLBOARD_TEST_RAY_TOKEN for a pools file's
 * `headers: {Authorization: "Bearer ${SKILLBOARD_TEST_RAY_TOKEN}"}`. Throws with the
 * script's output when Ray cannot start: the Ray tests fail, they are never skipped.
 */
export async function ensureRayCluster(): Promise<RayTestCluster> {
  await rayCluster("start");
  const env = Object.fromEntries(
    (await rayCluster("env"))
      .trim()
      .split("\n")
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  process.env.SKILLBOARD_TEST_RAY_TOKEN = env.SKILLBOARD_TEST_RAY_TOKEN;
  return { address: env.SKILLBOARD_TEST_RAY_ADDRESS, token: env.SKILLBOARD_TEST_RAY_TOKEN };
}

/** `scripts/ray-cluster.sh <command>` without blocking this process (the test's server keeps serving); its stdout. */
export async function rayCluster(command: "start" | "stop" | "status" | "env"): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)("bash", [path.join(REPO_ROOT, "scripts/ray-cluster.sh"), command], { timeout: 900_000 });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string };
    throw new Error(`scripts/ray-cluster.sh ${command} failed (it needs the test venv with ray[default], made by scripts/python-env.sh):\n${e.stderr ?? ""}${e.stdout ?? ""}`);
  }
}

/**
 * `SKILLBOARD_SKIP_SLURM_TESTS=1` skips the tests that need a real Slurm cluster (a machine where it
 * cannot run), but never in CI: there a requested skip fails the run instead of passing it silently.
 */
export const skipSlurm = process.env.SKILLBOARD_SKIP_SLURM_TESTS === "1";
if (skipSlurm && (process.env.CI === "true" || process.env.CI === "1")) {
  throw new Error("SKILLBOARD_SKIP_SLURM_TESTS=1 under CI: the Slurm tests may not be skipped in CI");
}

/**
 * A command prefix that logs each command (time in ms, then its argv, tab
 * separated) before running it: how the tests count `sbatch` and `squeue` calls.
 */
export function countingPrefix(): { prefix: string[]; calls(command?: string): { at: number; argv: string[] }[] } {
  const dir = tempDir("count");
  const log = path.join(dir, "calls.log");
  const script = path.join(dir, "count.sh");
  fs.writeFileSync(
    script,
    `#!/bin/sh\nline="$(date +%s%3N)"\nfor a in "$@"; do line="$line\t$a"; done\nprintf '%s\\n' "$line" >> '${log}'\nexec "$@"\n`,
  );
  fs.chmodSync(script, 0o755);
  return {
    prefix: [script],
    calls(command) {
      if (!fs.existsSync(log)) return [];
      return fs
        .readFileSync(log, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => {
          const [at, ...argv] = l.split("\t");
          return { at: Number(at), argv };
        })
        .filter((c) => !command || c.argv[0] === command);
    },
  };
}

/** A REST test server (real SQLite, random port kept across restarts) whose pools come from `pools` (skillboard.config.yaml's shape). */
export class PoolTestServer extends AgentTestServer {
  readonly poolsFile: string;

  constructor(recipes: RecipeSpec[], pools: Record<string, unknown>, leaseMs?: number) {
    super(recipes, leaseMs);
    this.poolsFile = path.join(tempDir("pools"), "skillboard.config.yaml");
    fs.writeFileSync(this.poolsFile, YAML.stringify({ pools }));
  }

  override async start(): Promise<this> {
    process.env.SKILLBOARD_POOLS_FILE = this.poolsFile;
    try {
      return await super.start();
    } finally {
      delete process.env.SKILLBOARD_POOLS_FILE;
    }
  }

  async job(id: string): Promise<any> {
    return (await this.api(`/runs/${id}/job`)).body;
  }
}

/** The node binary's folder first: jobs find `node` whatever PATH the cluster gives them. */
export const NODE_BIN_DIR = path.dirname(process.execPath);

/**
 * Asserts that the events present keep each chain's order (an event a chain names but the run
 * lacks is skipped: a fast job may start and end between two polls) and that every `required` one is present.
 */
export function expectEventOrder(kinds: string[], chains: string[][], required: string[]): void {
  const missing = required.filter((k) => !kinds.includes(k));
  if (missing.length) throw new Error(`events ${JSON.stringify(kinds)} lack ${missing.join(", ")}`);
  for (const chain of chains) {
    const positions = chain.filter((k) => kinds.includes(k)).map((k) => ({ k, at: kinds.indexOf(k) }));
    for (let i = 1; i < positions.length; i++) {
      if (positions[i].at < positions[i - 1].at) {
        throw new Error(`events ${JSON.stringify(kinds)}: '${positions[i - 1].k}' should come before '${positions[i].k}'`);
      }
    }
  }
}
