import { randomBytes } from "node:crypto";
import type { Db } from "@/db";
import { AppError } from "../errors";
import { recordAudit } from "../audit/record";
import { apiKeyTarget } from "../audit/targets";
import { hashApiKey } from "./api-keys";

/** How long a printed sign-in link works. */
export const SIGN_IN_LINK_TTL_MS = 10 * 60_000;
/** Spent and expired links are kept this long (to tell "already used" from "unknown"), then deleted. */
const KEEP_SPENT_LINKS_MS = 24 * 3600_000;

export const SIGN_IN_LINK_PATH = "/api/session/login";

/** Why a link did not sign in; `reason` picks the sign-in page's message. */
export class SignInLinkError extends AppError {
  constructor(
    readonly reason: "used" | "expired" | "invalid",
    message: string,
  ) {
    super(401, `sign_in_link_${reason}`, message);
  }
}

/**
 * A single-use link that signs a browser in as `apiKeyId` within 10 minutes.
 * Only the token's SHA-256 is stored; the token itself is in the returned URL, nowhere else.
 */
export function createSignInLink(db: Db, apiKeyId: number, baseUrl: string, now = Date.now()): { url: string; expiresAt: number } {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = now + SIGN_IN_LINK_TTL_MS;
  const sqlite = db.$client;
  sqlite.transaction(() => {
    sqlite.prepare("DELETE FROM sign_in_links WHERE expires_at < ?").run(now - KEEP_SPENT_LINKS_MS);
    sqlite.prepare("INSERT INTO sign_in_links (token_hash, api_key_id, created_at, expires_at) VALUES (?, ?, ?, ?)").run(hashApiKey(token), apiKeyId, now, expiresAt);
  })();
  return { url: `${baseUrl.replace(/\/+$/, "")}${SIGN_IN_LINK_PATH}?token=${token}`, expiresAt };
}

/**
 * Spends a link: marks it used (once: a second use, even at the same moment, finds
 * it spent) and returns the key it signs in as. Throws SignInLinkError saying why not.
 */
export function redeemSignInLink(db: Db, token: string, now = Date.now()): { apiKeyId: number } {
  const sqlite = db.$client;
  const hash = hashApiKey(token);
  const spent = sqlite
    .prepare("UPDATE sign_in_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING api_key_id")
    .get(now, hash, now) as { api_key_id: number } | undefined;
  if (spent) return { apiKeyId: spent.api_key_id };
  const row = sqlite.prepare("SELECT used_at, expires_at FROM sign_in_links WHERE token_hash = ?").get(hash) as { used_at: number | null; expires_at: number } | undefined;
  if (row?.used_at != null) {
    throw new SignInLinkError("used", `This sign-in link was already used (at ${new Date(row.used_at).toISOString()}); a link signs in once. Run 'skillboard sign-in-link' for a new one, or sign in with an API key.`);
  }
  if (row) {
    throw new SignInLinkError("expired", `This sign-in link expired at ${new Date(row.expires_at).toISOString()} (links work for 10 minutes). Run 'skillboard sign-in-link' for a new one, or sign in with an API key.`);
  }
  throw new SignInLinkError("invalid", "This sign-in link is not valid (it may be cut short or from another server). Run 'skillboard sign-in-link' for a new one, or sign in with an API key.");
}

/**
 * The line a server start (or `skillboard sign-in-link`) prints: a fresh link
 * for the admin key `key`, recorded in the audit log as made by `by`; or why
 * there is none (the key was revoked).
 */
export function signInLinkLine(db: Db, key: string, baseUrl: string, by: string): string {
  const row = db.$client.prepare("SELECT id, role, revoked_at AS revokedAt FROM api_keys WHERE key_hash = ?").get(hashApiKey(key)) as
    | { id: number; role: string; revokedAt: number | null }
    | undefined;
  if (!row || row.revokedAt != null || (row.role !== "admin" && row.role !== "viewer")) {
    return "No sign-in link: the bootstrap admin key cannot sign in (revoked or unknown). Sign in at /login with another admin key.";
  }
  const link = createSignInLink(db, row.id, baseUrl);
  recordAudit(db, { system: by }, "sign_in_link.create", apiKeyTarget(row.id), { expiresAt: link.expiresAt });
  return `Sign in (this link works once, for the next 10 minutes; 'skillboard sign-in-link' prints another): ${link.url}`;
}
