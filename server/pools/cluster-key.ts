import fs from "node:fs";
import path from "node:path";
import type { Db } from "@/db";
import { eq } from "drizzle-orm";
import { apiKeys } from "@/db/schema";
import { generateApiKey, hashApiKey, registerApiKey } from "../auth/api-keys";

/** Where the key handed to cluster jobs is kept (mode 0600), so a restarted server gives the same key. */
export const clusterKeyFile = (dataDir: string) => path.join(dataDir, "cluster-jobs-api-key");

/**
 * The API key jobs on Slurm and Ray pools get as SKILLBOARD_API_KEY: an `sdk`
 * key (it can write to runs and report on its run's job, not launch, cancel or
 * lease), created on first use and listed with the other keys as "cluster jobs".
 * Once an admin revokes it, the next job gets a new one (jobs already submitted
 * with the old key lose access, which is what revoking is for).
 */
export function ensureClusterJobKey(db: Db, dataDir: string): string {
  const file = clusterKeyFile(dataDir);
  let key = fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : "";
  if (key && isRevoked(db, key)) key = "";
  if (!key) {
    key = generateApiKey();
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, `${key}\n`, { mode: 0o600 });
  }
  registerApiKey(db, key, "cluster jobs (Slurm and Ray pools)", "sdk");
  return key;
}

function isRevoked(db: Db, key: string): boolean {
  const row = db.select({ revokedAt: apiKeys.revokedAt }).from(apiKeys).where(eq(apiKeys.keyHash, hashApiKey(key))).get();
  return row?.revokedAt != null;
}
