import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import { and, count, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { API_KEY_ROLES, apiKeys, projects, sessions, type ApiKeyRole } from "@/db/schema";
import { ConflictError, NotFoundError, UnauthorizedError } from "../errors";
import { apiKeyFile } from "../config";
import { ensureProject } from "../projects/service";

export interface Principal {
  keyId: number;
  role: ApiKeyRole;
  /** Set for an SDK key limited to one project (the project's id): it writes only to that project's runs. */
  projectId?: number;
}

export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");

export function generateApiKey(): string {
  return `sk_${randomBytes(24).toString("base64url")}`;
}

/** Stores a key's hash (idempotent: a known key keeps its row, revoked or not) and returns its row id. */
export function registerApiKey(db: Db, key: string, name: string, role: ApiKeyRole, projectId: number | null = null): number {
  const keyHash = hashApiKey(key);
  db.insert(apiKeys)
    .values({ name, keyHash, prefix: key.slice(0, 7), role, createdAt: Date.now(), projectId })
    .onConflictDoNothing()
    .run();
  return db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.keyHash, keyHash)).get()!.id;
}

/**
 * Makes sure the server has an admin key: SKILLBOARD_API_KEY when set, else the
 * key stored in the data dir, else a new one written there (returned as
 * `created` so the caller prints it once). A revoked key stays revoked:
 * `revokedAt` tells the caller to warn that it no longer works.
 */
export function ensureBootstrapKey(
  db: Db,
  dataDir: string,
  envKey?: string,
): { key: string; source: "env" | "file" | "created"; revokedAt: number | null } {
  const revokedAt = (id: number) => db.select({ revokedAt: apiKeys.revokedAt }).from(apiKeys).where(eq(apiKeys.id, id)).get()!.revokedAt;
  if (envKey) {
    const id = registerApiKey(db, envKey, "bootstrap (SKILLBOARD_API_KEY)", "admin");
    return { key: envKey, source: "env", revokedAt: revokedAt(id) };
  }
  const file = apiKeyFile(dataDir);
  if (fs.existsSync(file)) {
    const key = fs.readFileSync(file, "utf8").trim();
    const id = registerApiKey(db, key, "bootstrap (data dir)", "admin");
    return { key, source: "file", revokedAt: revokedAt(id) };
  }
  const key = generateApiKey();
  registerApiKey(db, key, "bootstrap (data dir)", "admin");
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, source: "created", revokedAt: null };
}

/** A 401 for a key that exists but was revoked: says when, so its owner knows to ask for a new one. */
export class RevokedApiKeyError extends UnauthorizedError {
  constructor(revokedAt: number) {
    super(`This API key was revoked on ${new Date(revokedAt).toISOString()}.`);
  }
}

/** How often a key that keeps being used has its `last_used_at` written (not on every request). */
const LAST_USED_RESOLUTION_MS = 60_000;

type CachedPrincipal = { principal: Principal; touchedAt: number };
const CACHE_KEY = "__skillboardPrincipalCache";
/**
 * Principals of recently used keys, by key hash. On globalThis because the custom
 * server and Next's bundled route handlers load this module separately: a
 * revocation through either must clear the one cache both read.
 */
const principalCache: Map<string, CachedPrincipal> = ((globalThis as { [CACHE_KEY]?: Map<string, CachedPrincipal> })[CACHE_KEY] ??= new Map());

/** Resolves `Authorization: Bearer <key>` to a principal, or throws 401 (also for a revoked key, saying when). */
export function authenticate(db: Db, authorization: string | null, now = Date.now()): Principal {
  const match = authorization?.match(/^Bearer\s+(\S+)\s*$/i);
  if (!match) throw new UnauthorizedError();
  const hash = hashApiKey(match[1]);
  const cached = principalCache.get(hash);
  if (cached && now - cached.touchedAt < LAST_USED_RESOLUTION_MS) return cached.principal;
  const row = db.select().from(apiKeys).where(eq(apiKeys.keyHash, hash)).get();
  if (!row) throw new UnauthorizedError("Invalid API key.");
  if (row.revokedAt != null) {
    principalCache.delete(hash);
    throw new RevokedApiKeyError(row.revokedAt);
  }
  const principal: Principal = row.projectId != null ? { keyId: row.id, role: row.role, projectId: row.projectId } : { keyId: row.id, role: row.role };
  db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id)).run();
  principalCache.set(hash, { principal, touchedAt: now });
  return principal;
}

/** The fields of a key that are shown: never its hash. `project`: the project an SDK key is limited to (null: any). */
const listedColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  role: apiKeys.role,
  project: projects.name,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};
export type ApiKeyView = {
  id: number;
  name: string;
  prefix: string;
  role: ApiKeyRole;
  project: string | null;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
};

const selectListed = (db: Db) => db.select(listedColumns).from(apiKeys).leftJoin(projects, eq(projects.id, apiKeys.projectId));

/** Keys without their hashes: name, role, project, the first characters, when each was last used and when it was revoked. */
export function listApiKeys(db: Db): ApiKeyView[] {
  return selectListed(db).orderBy(apiKeys.id).all();
}

/** `project`: limits an SDK key to that project (created if new, as a first run would): it may create and write runs there only. */
export const createApiKeyInput = z
  .object({ name: z.string().trim().min(1).max(200), role: z.enum(API_KEY_ROLES), project: z.string().trim().min(1).max(200).nullish() })
  .refine((k) => !k.project || k.role === "sdk", {
    path: ["project"],
    message: "only an SDK key can be limited to a project (admin, worker and viewer keys are not per project)",
  });

/** A new key: the listed fields plus the key itself, which is shown this once (only its hash is stored). */
export function createApiKey(db: Db, input: z.output<typeof createApiKeyInput>): ApiKeyView & { key: string } {
  const key = generateApiKey();
  return db.transaction(() => {
    const projectId = input.project ? ensureProject(db, input.project).id : null;
    const id = registerApiKey(db, key, input.name, input.role, projectId);
    return { ...selectListed(db).where(eq(apiKeys.id, id)).get()!, key };
  });
}

/**
 * Revokes a key at once: it stops authenticating (in this process immediately, the
 * principal cache included), its browser sessions are signed out, and it stays
 * listed with `revokedAt`. Revoking a revoked key changes nothing. The last active
 * admin key cannot be revoked (nobody could sign in or create keys any more).
 */
export function revokeApiKey(db: Db, id: number, now = Date.now()): ApiKeyView {
  return db.transaction((tx) => {
    const row = tx.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
    if (!row) throw new NotFoundError("API key", id);
    if (row.revokedAt == null) {
      if (row.role === "admin") {
        const active = tx.select({ n: count() }).from(apiKeys).where(and(eq(apiKeys.role, "admin"), isNull(apiKeys.revokedAt))).get()!.n;
        if (active <= 1) {
          throw new ConflictError(`'${row.name}' is the last active admin key: revoking it would lock everyone out; create another admin key first.`);
        }
      }
      tx.update(apiKeys).set({ revokedAt: now }).where(eq(apiKeys.id, id)).run();
    }
    tx.delete(sessions).where(eq(sessions.apiKeyId, id)).run();
    principalCache.delete(row.keyHash);
    return selectListed(db).where(eq(apiKeys.id, id)).get()!;
  });
}
