import path from "node:path";
import type { JobResources } from "@/db/schema";
import type { SlurmPoolConfig } from "@/server/pools/config";
import { shJoin, shQuote } from "./command";
import { HIDDEN_KEY, jobNameFor, SubmitError, type ExecutorJob } from "./executor";
import { wrapperArgv } from "./wrapper-command";

/** The `#SBATCH` options for a run: the pool's defaults, the recipe's resources, and the pool's extra lines. */
export function sbatchOptions(pool: SlurmPoolConfig, job: Pick<ExecutorJob, "runId" | "resources"> & { attempt?: number }, outputFile: string): string[] {
  const r: JobResources = job.resources;
  const opts = [`--job-name=${jobNameFor(job.runId, job.attempt)}`, `--partition=${pool.partition}`];
  if (pool.account) opts.push(`--account=${pool.account}`);
  if (pool.qos) opts.push(`--qos=${pool.qos}`);
  const time = r.timeLimit ?? pool.timeLimit;
  if (time) opts.push(`--time=${time}`);
  if (r.nodes && r.nodes > 1) opts.push(`--nodes=${r.nodes}`);
  opts.push(...gpuOptions(pool.gpusFlag, r));
  if (r.cpus) opts.push(`--cpus-per-task=${r.cpus}`);
  if (r.memory) opts.push(`--mem=${r.memory}`);
  opts.push(`--output=${outputFile}`, "--open-mode=append");
  for (const line of pool.sbatchLines) opts.push(line.replace(/^#SBATCH\s+/, "").trim());
  return opts;
}

/** The GPU request in the pool's style: `--gpus=8`, `--gpus-per-node=4`, or `--gres=gpu:4` (per node). */
export function gpuOptions(flag: string, r: JobResources): string[] {
  const nodes = r.nodes ?? 1;
  const total = r.gpus ?? 0;
  const perNode = r.gpusPerNode ?? (total ? Math.ceil(total / nodes) : 0);
  if (!total && !perNode) return [];
  if (flag === "--gpus") return r.gpusPerNode ? [`--gpus-per-node=${perNode}`] : [`--gpus=${total}`];
  if (flag === "--gpus-per-node") return [`--gpus-per-node=${perNode}`];
  return [flag.replace(/N$/, String(perNode))];
}

export interface JobScript {
  /** What sbatch reads on stdin. */
  text: string;
  /** The same with the API key hidden: written to the run's folder and shown on the run page. */
  shown: string;
  outputFile: string;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The batch script of a run: `#SBATCH` options, the run's environment as
 * `export` lines, and one `exec` of the in-job wrapper with every argument
 * single-quoted, so a parameter such as `--x; rm -rf /` reaches the trainer
 * as one literal argument and nothing in it is run by the shell.
 */
export function buildSlurmScript(pool: SlurmPoolConfig, job: ExecutorJob, dirs: { workDir: string; repoDir: string; skillboard: readonly string[] }): JobScript {
  const runDir = path.posix.join(dirs.workDir, job.runId);
  const outputFile = path.posix.join(runDir, "slurm-%j.out");
  const env: [string, string][] = Object.entries({ ...pool.env, ...job.env });
  for (const [name] of env) if (!ENV_NAME.test(name)) throw new SubmitError(`env: '${name}' is not a valid environment variable name`, true);
  const lines = (key: string) => [
    "#!/bin/bash",
    `# Skillboard run ${job.runId} (${job.runName.replace(/[\r\n]/g, " ")}), pool ${job.pool}, attempt ${job.attempt}; submitted with sbatch --parsable`,
    ...sbatchOptions(pool, job, outputFile).map((o) => `#SBATCH ${o}`),
    "",
    ...env.map(([k, v]) => `export ${k}=${shQuote(v)}`),
    `export SKILLBOARD_URL=${shQuote(job.serverUrl)}`,
    `export SKILLBOARD_API_KEY=${key}`,
    "",
    `exec ${shJoin(wrapperArgv(job, { ...dirs, runDir }))}`,
    "",
  ];
  return { text: lines(shQuote(job.apiKey)).join("\n"), shown: lines(shQuote(HIDDEN_KEY)).join("\n"), outputFile };
}
