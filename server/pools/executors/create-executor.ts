import path from "node:path";
import type { Db } from "@/db";
import type { PoolConfig } from "@/server/pools/config";
import type { Executor } from "./executor";
import { LocalExecutor } from "./local";
import { RayExecutor } from "./ray";
import { SlurmExecutor } from "./slurm";

export interface ExecutorDeps {
  db: Db;
  leaseMs: number;
  /** The server's data folder: run folders default to `<dataDir>/work`. */
  dataDir: string;
  /** This checkout: the default in-job wrapper is its `bin/skillboard`. */
  rootDir: string;
}

/** The executor of a pool, from its config. */
export function createExecutor(name: string, pool: PoolConfig, deps: ExecutorDeps): Executor {
  if (pool.type === "local") return new LocalExecutor(name, deps.db, deps.leaseMs);
  const common = {
    workDir: pool.workDir ?? path.join(deps.dataDir, "work"),
    repoDir: pool.repoDir ?? deps.rootDir,
    skillboard: pool.skillboardCommand ?? [path.join(deps.rootDir, "bin", "skillboard")],
  };
  if (pool.type === "slurm") return new SlurmExecutor(pool, common);
  return new RayExecutor(pool, common);
}
