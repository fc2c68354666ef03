import { randomBytes } from "node:crypto";
import type { Db } from "@/db";
import type { ApiKeyRole } from "@/db/schema";
import { ForbiddenError, UnauthorizedError } from "../errors";
import { authenticate, hashApiKey, RevokedApiKeyError, type Principal } from "./api-keys";

export const SESSION_COOKIE = "skillboard_session";
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

/** Key roles that may sign a browser in: admins change things, viewers only read. */
const SESSION_ROLES: ReadonlySet<string> = new Set(["admin", "viewer"]);

/** Signs a browser in with an admin or viewer API key; returns the session token for the cookie. */
export function createSession(db: Db, apiKey: string, now = Date.now()): { token: string; expiresAt: number; principal: Principal } {
  let principal: Principal;
  try {
    principal = authenticate(db, `Bearer ${apiKey}`);
  } catch (error) {
    if (error instanceof RevokedApiKeyError) throw error;
    throw new UnauthorizedError("That API key is not valid. Use the admin key the server printed at its first start (also in <data dir>/api-key).");
  }
  requireSessionRole(principal.role);
  return { ...insertSession(db, principal.keyId, now), principal };
}

/** Signs a browser in as a key already vouched for (a sign-in link's): refused if that key was revoked since, or cannot sign in. */
export function createSessionForKey(db: Db, keyId: number, now = Date.now()): { token: string; expiresAt: number; principal: Principal } {
  const key = db.$client.prepare("SELECT role, revoked_at AS revokedAt FROM api_keys WHERE id = ?").get(keyId) as { role: ApiKeyRole; revokedAt: number | null } | undefined;
  if (!key) throw new UnauthorizedError("The API key this sign-in link was made for no longer exists.");
  if (key.revokedAt != null) throw new RevokedApiKeyError(key.revokedAt);
  requireSessionRole(key.role);
  return { ...insertSession(db, keyId, now), principal: { keyId, role: key.role } };
}

function requireSessionRole(role: ApiKeyRole): void {
  if (!SESSION_ROLES.has(role)) {
    throw new ForbiddenError(`Only an admin or viewer key can sign in to the dashboard; this is ${role === "sdk" ? "an SDK" : `a ${role}`} key.`);
  }
}

function insertSession(db: Db, keyId: number, now: number): { token: string; expiresAt: number } {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = now + SESSION_TTL_MS;
  db.$client
    .prepare("INSERT INTO sessions (token_hash, api_key_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
    .run(hashApiKey(token), keyId, now, expiresAt);
  return { token, expiresAt };
}

/** The principal behind a session cookie, or null when there is none, it expired, or its key was revoked. */
export function resolveSession(db: Db, token: string | undefined, now = Date.now()): Principal | null {
  if (!token) return null;
  const row = db.$client
    .prepare(
      "SELECT k.id AS keyId, k.role AS role FROM sessions s JOIN api_keys k ON k.id = s.api_key_id WHERE s.token_hash = ? AND s.expires_at > ? AND k.revoked_at IS NULL",
    )
    .get(hashApiKey(token), now) as Principal | undefined;
  return row ?? null;
}

export function deleteSession(db: Db, token: string | undefined): void {
  if (token) db.$client.prepare("DELETE FROM sessions WHERE token_hash = ?").run(hashApiKey(token));
}

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return undefined;
}
