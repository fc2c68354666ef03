import type { JobExitReport, JobResources } from "@/db/schema";
import type { PoolClusterStatus, PoolType } from "@/server/pools/executors/executor";
import type { AppContext } from "../context";
import { requireRunRow } from "../runs/service";
import { pollIntervalMs, type PoolConfig } from "./config";
import { poolExecutors } from "./registry";

export interface PoolView {
  name: string;
  type: PoolType;
  description: string | null;
  /** Where it runs: the Slurm partition, the Ray address, or "worker agents". */
  target: string;
  pollIntervalMs: number | null;
  limits: { gpus?: number; gpusPerNode?: number; nodes?: number; cpus?: number } | null;
}

export function poolView(name: string, pool: PoolConfig): PoolView {
  const base = { name, type: pool.type, description: pool.description ?? null };
  if (pool.type === "local") return { ...base, target: "worker agents", pollIntervalMs: null, limits: null };
  const target = pool.type === "slurm" ? `Slurm partition ${pool.partition}${pool.commandPrefix.length ? ` via ${pool.commandPrefix.join(" ")}` : ""}` : `Ray at ${pool.address}`;
  return { ...base, target, pollIntervalMs: pollIntervalMs(pool), limits: pool.limits ?? null };
}

export function listPools(app: AppContext): PoolView[] {
  return [...app.pools.pools].map(([name, pool]) => poolView(name, pool));
}

/** Whether a recipe's resources fit a pool, and why not. */
export function poolFit(app: AppContext, name: string, r: JobResources): { fits: boolean; why: string | null } {
  const pool = app.pools.pools.get(name);
  if (!pool) return { fits: false, why: `no pool '${name}'` };
  if (pool.type === "local") {
    if ((r.nodes ?? 1) > 1) return { fits: false, why: `asks for ${r.nodes} nodes; local workers run single-host jobs` };
    const gpus = app.db.$client
      .prepare("SELECT max(json_array_length(gpus)) FROM workers WHERE pool = ? AND state = 'active'")
      .pluck()
      .get(name) as number | null;
    if (r.gpus && gpus != null && r.gpus > gpus) return { fits: false, why: `asks for ${r.gpus} GPUs; the largest worker of '${name}' has ${gpus}` };
    return { fits: true, why: null };
  }
  const l = pool.limits;
  if (!l) return { fits: true, why: null };
  const perNode = r.gpusPerNode ?? (r.gpus ? Math.ceil(r.gpus / (r.nodes ?? 1)) : 0);
  if (l.gpus !== undefined && (r.gpus ?? 0) > l.gpus) return { fits: false, why: `asks for ${r.gpus} GPUs; '${name}' takes at most ${l.gpus}` };
  if (l.gpusPerNode !== undefined && perNode > l.gpusPerNode) return { fits: false, why: `asks for ${perNode} GPUs per node; '${name}' nodes have ${l.gpusPerNode}` };
  if (l.nodes !== undefined && (r.nodes ?? 1) > l.nodes) return { fits: false, why: `asks for ${r.nodes} nodes; '${name}' takes at most ${l.nodes}` };
  if (l.cpus !== undefined && (r.cpus ?? 0) > l.cpus) return { fits: false, why: `asks for ${r.cpus} CPUs; '${name}' takes at most ${l.cpus}` };
  return { fits: true, why: null };
}

/** The pools a recipe may be launched on, each with whether it fits; the recipe's own pool first. */
export function poolsForRecipe(app: AppContext, recipeName: string): (PoolView & { fits: boolean; why: string | null; isDefault: boolean })[] {
  const recipe = app.recipes.get(recipeName);
  const resources = recipe?.resources ?? { gpus: 0 };
  return listPools(app)
    .map((p) => ({ ...p, ...poolFit(app, p.name, resources), isDefault: p.name === (recipe?.pool ?? "local") }))
    .sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
}

export interface RunJobView {
  runId: string;
  pool: string;
  poolType: PoolType | null;
  /** queued, leased, submitting, submitted, done. */
  state: string;
  schedulerId: string | null;
  schedulerState: string | null;
  /** Slurm's pending reason (Priority, Resources, …), Ray's message, or why it ended. */
  reason: string | null;
  nodes: string | null;
  workerId: string | null;
  submittedAt: string | null;
  /** The job script as submitted (the API key hidden). */
  script: string | null;
  resources: JobResources;
  attempts: number;
  maxAttempts: number;
  cancelRequested: boolean;
  exitReport: JobExitReport | null;
}

/** The executable side of a launched run, as the run page shows it; null for a run the SDK created. */
export function getRunJob(app: AppContext, runId: string): RunJobView | null {
  const run = requireRunRow(app.db, runId);
  const j = app.db.$client
    .prepare(
      `SELECT j.pool, j.state, j.scheduler_id, j.scheduler_state, j.scheduler_reason, j.nodes, j.lease_owner, j.submitted_at, j.script,
        j.resources, j.attempts, j.max_attempts, j.cancel_requested, j.exit_report, w.host FROM jobs j LEFT JOIN workers w ON w.id = j.lease_owner
       WHERE j.run_pk = ?`,
    )
    .get(run.pk) as
    | {
        pool: string;
        state: string;
        scheduler_id: string | null;
        scheduler_state: string | null;
        scheduler_reason: string | null;
        nodes: string | null;
        lease_owner: string | null;
        submitted_at: number | null;
        script: string | null;
        resources: string;
        attempts: number;
        max_attempts: number;
        cancel_requested: number;
        exit_report: string | null;
        host: string | null;
      }
    | undefined;
  if (!j) return null;
  const type = app.pools.pools.get(j.pool)?.type ?? (j.lease_owner ? "local" : null);
  const resources = JSON.parse(j.resources) as JobResources;
  let reason = j.scheduler_reason;
  if (type === "local" && j.state === "queued") reason = `waiting for a worker of pool '${j.pool}' with ${resources.gpus ?? 0} free GPU(s)`;
  return {
    runId,
    pool: j.pool,
    poolType: type,
    state: j.state,
    schedulerId: j.scheduler_id,
    schedulerState: j.scheduler_state,
    reason,
    nodes: j.nodes ?? j.host,
    workerId: j.lease_owner,
    submittedAt: j.submitted_at == null ? null : new Date(j.submitted_at).toISOString(),
    script: j.script,
    resources,
    attempts: j.attempts,
    maxAttempts: j.max_attempts,
    cancelRequested: Boolean(j.cancel_requested),
    exitReport: j.exit_report ? JSON.parse(j.exit_report) : null,
  };
}

/**
 * Each pool's cluster as its executor sees it (sinfo, Ray's version, local workers); slow clusters answer within `timeoutMs`.
 * `only` picks the pools to describe. Callers go through `pool-status-cache.ts`, which keeps cluster checks to one per few seconds.
 */
export async function describePools(app: AppContext, timeoutMs = 10_000, only: (p: PoolView) => boolean = () => true): Promise<(PoolView & { status: PoolClusterStatus })[]> {
  const executors = poolExecutors(app);
  return Promise.all(
    listPools(app).filter(only).map(async (p) => {
      const timeout = new Promise<PoolClusterStatus>((resolve) => setTimeout(() => resolve({ reachable: false, error: `no answer within ${timeoutMs / 1000} s` }), timeoutMs).unref());
      const status = await Promise.race([executors.get(p.name)!.describe().catch((e: Error) => ({ reachable: false, error: e.message })), timeout]);
      return { ...p, status };
    }),
  );
}
