import { openDatabase, type Db } from "@/db";
import { DEFAULT_LEASE_MS } from "./jobs/queue";
import { loadPoolsConfig, type PoolsConfig } from "./pools/config";
import { loadRecipes, recipeDirs } from "./recipes/load";
import type { Recipe } from "./recipes/schema";
import { BlobStore } from "./trajectories/blob-store";
import { blobsDir, configFromEnv, databaseFile, type ServerConfig } from "./config";

/** Everything a request handler needs: one per process, shared by the custom server and Next's route handlers. */
export interface AppContext {
  config: ServerConfig;
  rootDir: string;
  db: Db;
  blobs: BlobStore;
  recipes: Map<string, Recipe>;
  /** The pools runs go to: `local` and those of skillboard.config.yaml (SKILLBOARD_POOLS_FILE). */
  pools: PoolsConfig;
  leaseMs: number;
}

const GLOBAL_KEY = "__skillboardAppContext";
type Holder = { [GLOBAL_KEY]?: AppContext };

/** Opens the database (migrating it) and loads the recipes and pools; a bad recipe or pool stops the start with its file and field. */
export function createAppContext(config: ServerConfig, opts: { rootDir?: string } = {}): AppContext {
  const rootDir = opts.rootDir ?? process.cwd();
  const pools = loadPoolsConfig(rootDir);
  return {
    config,
    rootDir,
    db: openDatabase(databaseFile(config.dataDir), { migrationsDir: `${rootDir}/db/migrations` }),
    blobs: new BlobStore(blobsDir(config.dataDir)),
    recipes: loadRecipes(recipeDirs(rootDir)),
    pools,
    leaseMs: config.leaseMs ?? DEFAULT_LEASE_MS,
  };
}

/** Installs the process-wide context (the server does this before Next handles a request). */
export function setAppContext(ctx: AppContext): void {
  (globalThis as Holder)[GLOBAL_KEY] = ctx;
}

/** The process-wide context; created from the environment on first use if the server did not install one. */
export function getAppContext(): AppContext {
  const holder = globalThis as Holder;
  return (holder[GLOBAL_KEY] ??= createAppContext(configFromEnv()));
}
