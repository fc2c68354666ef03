import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { projects } from "./projects";

/** viewer: read-only (GET requests, and a dashboard session that changes nothing). */
export const API_KEY_ROLES = ["admin", "sdk", "worker", "viewer"] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/**
 * API keys are stored as SHA-256 hashes; `prefix` is the first characters, shown to identify a key.
 * A revoked key (`revoked_at` set) stays listed but no longer authenticates.
 */
export const apiKeys = sqliteTable("api_keys", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  keyHash: text("key_hash").notNull().unique(),
  prefix: text("prefix").notNull(),
  role: text("role").$type<ApiKeyRole>().notNull(),
  createdAt: integer("created_at").notNull(),
  lastUsedAt: integer("last_used_at"),
  revokedAt: integer("revoked_at"),
  /** An sdk key limited to one project: it may create and write runs of that project only. Null: any project. */
  projectId: integer("project_id").references(() => projects.id),
});

/** Browser sessions: signing in with an admin or viewer API key sets a cookie whose SHA-256 is stored here. */
export const sessions = sqliteTable("sessions", {
  tokenHash: text("token_hash").primaryKey(),
  apiKeyId: integer("api_key_id")
    .notNull()
    .references(() => apiKeys.id, { onDelete: "cascade" }),
  createdAt: integer("created_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
});

/**
 * Single-use sign-in links (what `up` prints instead of a key): the SHA-256 of the link's
 * token, the key it signs in as, and when it expires; `used_at` is set by the one sign-in it allows.
 */
export const signInLinks = sqliteTable("sign_in_links", {
  tokenHash: text("token_hash").primaryKey(),
  apiKeyId: integer("api_key_id")
    .notNull()
    .references(() => apiKeys.id, { onDelete: "cascade" }),
  createdAt: integer("created_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
  usedAt: integer("used_at"),
});

/**
 * What admins did and who did it: key created/revoked, run deleted/purged/restored, launch, cancel, …
 * `actor` is the key's name at the time (kept when the key is later deleted); `target` names what was acted on.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull(),
    actorKeyId: integer("actor_key_id"),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    target: text("target"),
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [index("audit_log_at").on(t.at), index("audit_log_action_at").on(t.action, t.at)],
);
