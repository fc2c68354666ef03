import { openDatabase, type Db } from "@/db";
import { BlobStore } from "./trajectories/blob-store";
import { blobsDir, configFromEnv, databaseFile, type ServerConfig } from "./config";

/** Everything a request handler needs: one per process, shared by the custom server and Next's route handlers. */
export interface AppContext {
  config: ServerConfig;
  db: Db;
  blobs: BlobStore;
}

const GLOBAL_KEY = "__skillboardAppContext";
type Holder = { [GLOBAL_KEY]?: AppContext };

export function createAppContext(config: ServerConfig, opts: { migrationsDir?: string } = {}): AppContext {
  return {
    config,
    db: openDatabase(databaseFile(config.dataDir), opts),
    blobs: new BlobStore(blobsDir(config.dataDir)),
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
