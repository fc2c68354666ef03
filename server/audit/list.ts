import { z } from "zod";
import type { Db } from "@/db";
import { parseOrThrow } from "../validation";
import { AUDIT_ACTION_NAMES, type AuditAction } from "./actions";

export const MAX_AUDIT_PAGE = 200;

export const listAuditInput = z.object({
  limit: z.number().int().min(1).max(MAX_AUDIT_PAGE).default(50),
  /** `nextCursor` of the previous page: the entries written before its last one. */
  cursor: z
    .string()
    .regex(/^\d{1,16}\.\d{1,16}$/, "expected the nextCursor of a previous page")
    .optional(),
  action: z.enum(AUDIT_ACTION_NAMES, { error: () => `expected one of ${AUDIT_ACTION_NAMES.join(", ")}` }).optional(),
});
export type ListAuditInput = z.input<typeof listAuditInput>;

export interface AuditEntry {
  id: number;
  at: number;
  actor: { keyId: number | null; name: string };
  action: AuditAction;
  target: string | null;
  detail: Record<string, unknown> | null;
}

interface AuditRow {
  id: number;
  at: number;
  actor_key_id: number | null;
  actor: string;
  action: AuditAction;
  target: string | null;
  detail: string | null;
}

/**
 * Newest first, paged by keyset on (at, id), which the audit_log indexes hold in
 * that order (with and without an action filter): an entry written while a
 * reader pages never shifts the pages after it.
 */
export function listAuditEntries(db: Db, raw: ListAuditInput = {}): { entries: AuditEntry[]; nextCursor: string | null } {
  const input = parseOrThrow(listAuditInput, raw);
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (input.action) {
    where.push("action = ?");
    args.push(input.action);
  }
  if (input.cursor) {
    const [at, id] = input.cursor.split(".").map(Number);
    where.push("(at < ? OR (at = ? AND id < ?))");
    args.push(at, at, id);
  }
  const rows = db.$client
    .prepare(
      `SELECT id, at, actor_key_id, actor, action, target, detail FROM audit_log ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY at DESC, id DESC LIMIT ?`,
    )
    .all(...args, input.limit + 1) as AuditRow[];
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    entries: page.map((r) => ({
      id: r.id,
      at: r.at,
      actor: { keyId: r.actor_key_id, name: r.actor },
      action: r.action,
      target: r.target,
      detail: r.detail == null ? null : (JSON.parse(r.detail) as Record<string, unknown>),
    })),
    nextCursor: rows.length > input.limit ? `${last.at}.${last.id}` : null,
  };
}
