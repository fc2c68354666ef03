import { createExecutor } from "@/server/pools/executors/create-executor";
import type { Executor } from "@/server/pools/executors/executor";
import type { AppContext } from "../context";
import { NotFoundError } from "../errors";

const cache = new WeakMap<AppContext, Map<string, Executor>>();

/** The executor of every declared pool, made once per app context. */
export function poolExecutors(app: AppContext): Map<string, Executor> {
  let executors = cache.get(app);
  if (!executors) {
    executors = new Map();
    const deps = { db: app.db, leaseMs: app.leaseMs, dataDir: app.config.dataDir, rootDir: app.rootDir };
    for (const [name, pool] of app.pools.pools) executors.set(name, createExecutor(name, pool, deps));
    cache.set(app, executors);
  }
  return executors;
}

export function requireExecutor(app: AppContext, pool: string): Executor {
  const executor = poolExecutors(app).get(pool);
  if (!executor) throw new NotFoundError("Pool", pool);
  return executor;
}
