import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { z } from "zod";
import { describeZodError } from "../validation";

/**
 * The pools a server hands runs to, from `skillboard.config.yaml` (or the file
 * named by SKILLBOARD_POOLS_FILE). `local` always exists: worker agents lease
 * its jobs. Validated when the server starts; an error names the file and the field.
 */

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SLURM_TIME = /^(\d+-)?\d+(:\d{1,2}){0,2}$|^\d+-\d+$/;
const oneLine = (what: string) => z.string().min(1).refine((s) => !/[\r\n]/.test(s), `${what} must be one line`);

const limitsSchema = z.strictObject({
  /** Most GPUs a run may ask for in all. */
  gpus: z.number().int().min(0).optional(),
  gpusPerNode: z.number().int().min(0).optional(),
  nodes: z.number().int().min(1).optional(),
  cpus: z.number().int().min(1).optional(),
});

/** What every cluster pool (slurm, ray) shares. */
const clusterFields = {
  description: z.string().optional(),
  /** Seconds between two polls of the scheduler (one squeue, or one status request per job). */
  pollInterval: z.number().min(0.1).max(3600).optional(),
  /** The in-job wrapper as the cluster runs it. Default: this checkout's `bin/skillboard`. */
  skillboardCommand: z.array(z.string().min(1)).min(1).optional(),
  /** Where runs get their folder on the cluster (`<workDir>/<run id>`). Default: `<data dir>/work`, which must then be shared. */
  workDir: z.string().min(1).optional(),
  /** The folder a recipe's relative `cwd` refers to on the cluster. Default: this checkout. */
  repoDir: z.string().min(1).optional(),
  /** Set in every job's environment. */
  env: z.record(z.string().regex(ENV_NAME, "an environment variable name"), z.string()).default({}),
  /** Submissions in flight at once. */
  submitConcurrency: z.number().int().min(1).max(64).default(4),
  /** The largest request the pool takes; a recipe asking for more is not offered it. */
  limits: limitsSchema.optional(),
};

export const slurmPoolSchema = z.strictObject({
  type: z.literal("slurm"),
  partition: z.string().regex(/^[A-Za-z0-9_.,-]+$/, "a partition name (letters, digits, '_', '.', '-'; several separated by ',')"),
  account: z.string().regex(/^[A-Za-z0-9_.-]+$/, "an account name").optional(),
  qos: z.string().regex(/^[A-Za-z0-9_.-]+$/, "a QOS name").optional(),
  /** Used when the recipe names no time limit; Slurm's format (`24:00:00`, `2-00:00:00`, `30`). */
  timeLimit: z.string().regex(SLURM_TIME, "a Slurm time limit such as 24:00:00, 2-00:00:00 or 30 (minutes)").optional(),
  /** How GPUs are asked for: `--gpus` (per job, or --gpus-per-node with gpusPerNode), `--gpus-per-node`, or `--gres=gpu:N` / `--gres=gpu:a100:N` (per node). */
  gpusFlag: z
    .string()
    .regex(/^(--gpus|--gpus-per-node|--gres=gpu(:[A-Za-z0-9_.-]+)?:N)$/, "one of --gpus, --gpus-per-node, --gres=gpu:N or --gres=gpu:<type>:N")
    .default("--gpus"),
  /** Extra `#SBATCH` lines, e.g. `--constraint=a100` (the `#SBATCH ` prefix may be left out). */
  sbatchLines: z.array(oneLine("an #SBATCH line")).default([]),
  /** Put before every Slurm command, e.g. `[ssh, login1]` when the server is not on a login node. */
  commandPrefix: z.array(z.string().min(1)).default([]),
  /** Added to the environment of the Slurm commands (e.g. SLURM_CONF). */
  commandEnv: z.record(z.string().regex(ENV_NAME, "an environment variable name"), z.string()).default({}),
  ...clusterFields,
});

export const rayPoolSchema = z.strictObject({
  type: z.literal("ray"),
  /** The Ray dashboard (Jobs API) address, e.g. http://ray-head:8265. */
  address: z.url({ protocol: /^https?$/, error: "an http(s) URL such as http://ray-head:8265" }),
  /** Sent with every request (auth); `${VAR}` is replaced by the server's environment variable. */
  headers: z.record(z.string(), z.string()).default({}),
  /**
   * Every job's runtime_env. `working_dir`: a directory on the Skillboard server (packed and
   * uploaded to Ray, as `ray job submit` does; the trainer starts there) or a URI Ray fetches
   * (`s3://…/code.zip`, `gcs://_ray_pkg_….zip`); `pip`: packages Ray installs for the job;
   * `env_vars`: merged key by key with the pool's `env` and the job's own. Other runtime_env
   * keys (`py_modules`, `conda`, `uv`, `container`, …) are passed to Ray as written.
   */
  runtimeEnv: z
    .looseObject({
      working_dir: z.string().min(1, "a directory or a URI").optional(),
      pip: z.union([z.array(z.string().min(1)), z.looseObject({ packages: z.array(z.string().min(1)) }), z.string().min(1)], {
        error: "a list of requirements, {packages: [...]}, or a requirements file",
      }).optional(),
      env_vars: z.record(z.string().regex(ENV_NAME, "an environment variable name"), z.string()).optional(),
    })
    .default({}),
  /**
   * Seconds Ray may stay unreachable before its submitted runs are declared lost (or submitted
   * again, per the recipe's retry.maxAttempts): without GCS fault tolerance a head that went away
   * took its jobs with it. Default 600.
   */
  lostAfter: z.number().min(1).max(7 * 86_400).optional(),
  ...clusterFields,
});

export const localPoolSchema = z.strictObject({
  type: z.literal("local"),
  description: z.string().optional(),
});

export const poolSchema = z.discriminatedUnion("type", [localPoolSchema, slurmPoolSchema, rayPoolSchema], {
  error: (issue) => (issue.code === "invalid_union" ? "type: expected local, slurm or ray" : undefined),
});

export const poolsFileSchema = z.strictObject({
  /** How jobs on a cluster reach this server (SKILLBOARD_URL in the job). Default: SKILLBOARD_PUBLIC_URL, else http://<hostname>:<port>. */
  serverUrl: z.url({ protocol: /^https?$/ }).optional(),
  pools: z.record(z.string().regex(NAME, "a pool name is letters, digits, '.', '_' or '-'"), poolSchema).default({}),
});

export type SlurmPoolConfig = z.infer<typeof slurmPoolSchema>;
export type RayPoolConfig = z.infer<typeof rayPoolSchema>;
export type LocalPoolConfig = z.infer<typeof localPoolSchema>;
export type PoolConfig = z.infer<typeof poolSchema>;
export type ClusterPoolConfig = SlurmPoolConfig | RayPoolConfig;

export interface PoolsConfig {
  /** The file read, or null when there is none (only `local`). */
  file: string | null;
  serverUrl?: string;
  pools: Map<string, PoolConfig>;
}

export class PoolsConfigError extends Error {}

type Env = Record<string, string | undefined>;

export const DEFAULT_POOLS_FILE = "skillboard.config.yaml";

/** The pools file: SKILLBOARD_POOLS_FILE, else `skillboard.config.yaml` in the repository root when present. */
export function poolsFile(rootDir: string, env: Env = process.env): string | null {
  if (env.SKILLBOARD_POOLS_FILE) return path.resolve(env.SKILLBOARD_POOLS_FILE);
  const file = path.join(rootDir, DEFAULT_POOLS_FILE);
  return fs.existsSync(file) ? file : null;
}

/** Reads and validates the pools; throws a PoolsConfigError naming the file and the field. */
export function loadPoolsConfig(rootDir: string, env: Env = process.env): PoolsConfig {
  const file = poolsFile(rootDir, env);
  if (!file) return { file: null, pools: new Map([["local", { type: "local" }]]) };
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new PoolsConfigError(`${file}: cannot read the pools file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parsePoolsConfig(text, file, env);
}

export function parsePoolsConfig(text: string, file: string, env: Env = process.env): PoolsConfig {
  let doc: unknown;
  try {
    doc = YAML.parse(text) ?? {};
  } catch (error) {
    throw new PoolsConfigError(`${file}: not valid YAML: ${(error as Error).message}`);
  }
  const parsed = poolsFileSchema.safeParse(doc);
  if (!parsed.success) throw new PoolsConfigError(`${file}: ${describeZodError(parsed.error)}`);
  const pools = new Map<string, PoolConfig>();
  for (const [name, pool] of Object.entries(parsed.data.pools)) {
    if (name === "local" && pool.type !== "local") throw new PoolsConfigError(`${file}: pools.local.type: 'local' is the built-in local pool; give the ${pool.type} pool another name`);
    if (pool.type === "ray") {
      for (const [header, value] of Object.entries(pool.headers)) {
        pool.headers[header] = value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, v: string) => {
          if (env[v] === undefined) throw new PoolsConfigError(`${file}: pools.${name}.headers.${header}: the environment variable ${v} is not set`);
          return env[v]!;
        });
      }
    }
    pools.set(name, pool);
  }
  if (!pools.has("local")) pools.set("local", { type: "local" });
  return { file, serverUrl: parsed.data.serverUrl, pools };
}

/** Seconds between polls when the pool names none. */
export const DEFAULT_POLL_SECONDS = { slurm: 10, ray: 5 } as const;

export const pollIntervalMs = (pool: ClusterPoolConfig) => Math.round((pool.pollInterval ?? DEFAULT_POLL_SECONDS[pool.type]) * 1000);

export const isClusterPool = (pool: PoolConfig | undefined): pool is ClusterPoolConfig => pool?.type === "slurm" || pool?.type === "ray";
