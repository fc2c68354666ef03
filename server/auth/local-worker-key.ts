import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { apiKeys } from "@/db/schema";
import { generateApiKey, hashApiKey, registerApiKey } from "./api-keys";

/** Where the key of `up`'s embedded worker is kept (mode 0600), so a restarted server gives it the same key. */
export const localWorkerKeyFile = (dataDir: string) => path.join(dataDir, "local-worker-api-key");

export const LOCAL_WORKER_KEY_NAME = "local worker (skillboard up)";

/**
 * The API key `up` gives its in-process worker: a `worker` key (lease, heartbeat,
 * report; no keys, launches, deletes or purges), never the admin key. Created on
 * first use and listed with the other keys; once an admin revokes it, the next
 * start makes a new one.
 */
export function ensureLocalWorkerKey(db: Db, dataDir: string): string {
  const file = localWorkerKeyFile(dataDir);
  let key = fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : "";
  if (key && !isUsableWorkerKey(db, key)) key = "";
  if (!key) {
    key = generateApiKey();
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, `${key}\n`, { mode: 0o600 });
  }
  registerApiKey(db, key, LOCAL_WORKER_KEY_NAME, "worker");
  return key;
}

/** A stored key that is unknown here (another database) is registered; one revoked, or of another role, is replaced. */
function isUsableWorkerKey(db: Db, key: string): boolean {
  const row = db.select({ role: apiKeys.role, revokedAt: apiKeys.revokedAt }).from(apiKeys).where(eq(apiKeys.keyHash, hashApiKey(key))).get();
  return !row || (row.revokedAt == null && row.role === "worker");
}
