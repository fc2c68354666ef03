import type { Db } from "@/db";
import type { Principal } from "../auth/api-keys";
import { requireProjectInScope, requireRunInScope } from "../auth/project-scope";

/**
 * A project-limited SDK key on rllm's routes: a body naming a `session_id` (a run) must name
 * a run of the key's project, and a new session (`POST /api/sessions`) must be in that project.
 * Returns the body unchanged; the route's own schema checks it afterwards.
 */
export function requireRllmBodyScope(db: Db, principal: Principal, body: unknown): unknown {
  if (principal.projectId == null || typeof body !== "object" || body === null) return body;
  const { session_id: sessionId, project } = body as { session_id?: unknown; project?: unknown };
  if (typeof sessionId === "string") requireRunInScope(db, principal, sessionId);
  else requireProjectInScope(db, principal, typeof project === "string" ? project : undefined);
  return body;
}
