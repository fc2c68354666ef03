import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { apiKeys, type ApiKeyRole } from "@/db/schema";
import { UnauthorizedError } from "../errors";
import { apiKeyFile } from "../config";

export interface Principal {
  keyId: number;
  role: ApiKeyRole;
}

export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");

export function generateApiKey(): string {
  return `sk_${randomBytes(24).toString("base64url")}`;
}

/** Stores a key's hash (idempotent) and returns its row id. */
export function registerApiKey(db: Db, key: string, name: string, role: ApiKeyRole): number {
  const keyHash = hashApiKey(key);
  db.insert(apiKeys)
    .values({ name, keyHash, prefix: key.slice(0, 7), role, createdAt: Date.now() })
    .onConflictDoNothing()
    .run();
  return db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.keyHash, keyHash)).get()!.id;
}

/**
 * Makes sure the server has an admin key: SKILLBOARD_API_KEY when set, else the
 * key stored in the data dir, else a new one written there (returned as
 * `created` so the caller prints it once).
 */
export function ensureBootstrapKey(db: Db, dataDir: string, envKey?: string): { key: string; source: "env" | "file" | "created" } {
  if (envKey) {
    registerApiKey(db, envKey, "bootstrap (SKILLBOARD_API_KEY)", "admin");
    return { key: envKey, source: "env" };
  }
  const file = apiKeyFile(dataDir);
  if (fs.existsSync(file)) {
    const key = fs.readFileSync(file, "utf8").trim();
    registerApiKey(db, key, "bootstrap (data dir)", "admin");
    return { key, source: "file" };
  }
  const key = generateApiKey();
  registerApiKey(db, key, "bootstrap (data dir)", "admin");
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, source: "created" };
}

const principalCache = new Map<string, Principal>();

/** Resolves `Authorization: Bearer <key>` to a principal, or throws 401. */
export function authenticate(db: Db, authorization: string | null): Principal {
  const match = authorization?.match(/^Bearer\s+(\S+)\s*$/i);
  if (!match) throw new UnauthorizedError();
  const hash = hashApiKey(match[1]);
  const cached = principalCache.get(hash);
  if (cached) return cached;
  const row = db.select().from(apiKeys).where(eq(apiKeys.keyHash, hash)).get();
  if (!row) throw new UnauthorizedError("Invalid API key.");
  const principal = { keyId: row.id, role: row.role };
  db.update(apiKeys).set({ lastUsedAt: Date.now() }).where(eq(apiKeys.id, row.id)).run();
  principalCache.set(hash, principal);
  return principal;
}

/** Keys without their hashes: name, role, the first characters, and when each was last used. */
export function listApiKeys(db: Db) {
  return db
    .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, role: apiKeys.role, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .orderBy(apiKeys.id)
    .all();
}
