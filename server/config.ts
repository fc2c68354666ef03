import path from "node:path";

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  /** Bootstrap admin key from SKILLBOARD_API_KEY, accepted without being created in the UI. */
  bootstrapApiKey?: string;
  /** How long a worker's lease on a job lasts without a heartbeat (SKILLBOARD_LEASE_MS, default 30 s). */
  leaseMs?: number;
  /** Pages and tRPC only for a signed-in browser (admin or viewer key): SKILLBOARD_REQUIRE_SIGN_IN=1 or --require-sign-in. */
  requireSignIn?: boolean;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    port: env.PORT ? Number(env.PORT) : 3000,
    host: env.HOST ?? "0.0.0.0",
    dataDir: path.resolve(/*turbopackIgnore: true*/ env.SKILLBOARD_DATA_DIR ?? "./data"),
    bootstrapApiKey: env.SKILLBOARD_API_KEY || undefined,
    leaseMs: env.SKILLBOARD_LEASE_MS ? Number(env.SKILLBOARD_LEASE_MS) : undefined,
    requireSignIn: ["1", "true"].includes(env.SKILLBOARD_REQUIRE_SIGN_IN?.toLowerCase() ?? ""),
  };
}

export const databaseFile = (dataDir: string) => path.join(dataDir, "skillboard.db");
export const blobsDir = (dataDir: string) => path.join(dataDir, "blobs");
export const apiKeyFile = (dataDir: string) => path.join(dataDir, "api-key");
