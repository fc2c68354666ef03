import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

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
