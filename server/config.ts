import path from "node:path";
import { bodyLimitsFromEnv, type BodyLimits } from "./http/body-limit";

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
  /** Byte limits of request bodies (SKILLBOARD_MAX_BODY_BYTES and siblings, see server/http/body-limit.ts); unset ones take the defaults. */
  bodyLimits?: Partial<BodyLimits>;
}

/** The address the server binds when neither --host nor HOST names one: this machine only. */
export const DEFAULT_HOST = "127.0.0.1";

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    port: env.PORT ? Number(env.PORT) : 3000,
    host: env.HOST || DEFAULT_HOST,
    dataDir: path.resolve(/*turbopackIgnore: true*/ env.SKILLBOARD_DATA_DIR ?? "./data"),
    bootstrapApiKey: env.SKILLBOARD_API_KEY || undefined,
    leaseMs: env.SKILLBOARD_LEASE_MS ? Number(env.SKILLBOARD_LEASE_MS) : undefined,
    requireSignIn: ["1", "true"].includes(env.SKILLBOARD_REQUIRE_SIGN_IN?.toLowerCase() ?? ""),
    bodyLimits: bodyLimitsFromEnv(env),
  };
}

export const databaseFile = (dataDir: string) => path.join(dataDir, "skillboard.db");
export const blobsDir = (dataDir: string) => path.join(dataDir, "blobs");
export const apiKeyFile = (dataDir: string) => path.join(dataDir, "api-key");
