import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { apiKeys, auditLog } from "@/db/schema";
import type { Principal } from "../auth/api-keys";
import type { AuditAction } from "./actions";

/**
 * Who acted: the principal a request authenticated as (an API key, or a browser
 * session, which stands for the key it signed in with), or the server itself
 * (`up` creating the sign-in link it prints).
 */
export type AuditActor = Principal | { system: string };

function resolveActor(db: Db, actor: AuditActor): { actorKeyId: number | null; actor: string } {
  if ("system" in actor) return { actorKeyId: null, actor: actor.system };
  if ("runId" in actor && typeof actor.runId === "string") return { actorKeyId: null, actor: `job token of run ${actor.runId}` };
  const key = db.select({ name: apiKeys.name }).from(apiKeys).where(eq(apiKeys.id, actor.keyId)).get();
  return { actorKeyId: actor.keyId, actor: key?.name ?? `key #${actor.keyId}` };
}

/** Appends one entry; `actor` keeps the key's name as it was, so the entry still reads right after a rename or delete. */
export function recordAudit(
  db: Db,
  who: AuditActor,
  action: AuditAction,
  target: string | null,
  detail?: Record<string, unknown>,
  now = Date.now(),
): void {
  db.insert(auditLog)
    .values({ at: now, ...resolveActor(db, who), action, target, detail: detail && Object.keys(detail).length ? detail : null })
    .run();
}

/**
 * Runs an admin action and records it once it succeeded (a refused or failed
 * action changes nothing, so it leaves no entry); an action that returns a
 * promise is recorded when it resolves. `describe` names the target and detail
 * from the result.
 */
export function audited<T>(
  db: Db,
  who: AuditActor,
  action: AuditAction,
  act: () => T,
  describe: (result: Awaited<T>) => { target: string | null; detail?: Record<string, unknown> },
): T {
  const record = (result: Awaited<T>) => {
    const { target, detail } = describe(result);
    recordAudit(db, who, action, target, detail);
    return result;
  };
  const result = act();
  if (result instanceof Promise) return result.then(record) as T;
  return record(result as Awaited<T>) as T;
}
