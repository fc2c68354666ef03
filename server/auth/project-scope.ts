import type { Db } from "@/db";
import { DEFAULT_PROJECT } from "../projects/defaults";
import { getProjectById } from "../projects/service";
import { findRunRow } from "../runs/service";
import { ForbiddenError } from "../errors";
import type { Principal } from "./api-keys";

/**
 * SDK keys limited to one project (`api_keys.project_id`): such a key creates runs
 * only in its project and writes only to that project's runs. Reads are not limited.
 * Each door (REST v1, rllm's routes, the MLflow API) calls these with the run or
 * project a write names; the error says which project the key is limited to.
 */

/** The name of the project the key is limited to, or null for a key that may write anywhere. */
export function scopedProjectName(db: Db, principal: Principal): string | null {
  if (principal.projectId == null) return null;
  return getProjectById(db, principal.projectId)?.name ?? `#${principal.projectId}`;
}

export class ProjectScopeError extends ForbiddenError {}

/** A project-limited key may create runs in its own project only (`project` omitted means `default`). */
export function requireProjectInScope(db: Db, principal: Principal, project: string | null | undefined): void {
  const own = scopedProjectName(db, principal);
  const wanted = project || DEFAULT_PROJECT;
  if (own != null && wanted !== own) {
    throw new ProjectScopeError(`This API key is limited to project '${own}': it cannot write to project '${wanted}'.`);
  }
}

/** A project-limited key may write only to runs of its project; an unknown run is left to the handler (404). */
export function requireRunInScope(db: Db, principal: Principal, runId: string): void {
  if (principal.projectId == null) return;
  const run = findRunRow(db, runId);
  if (run && run.projectId !== principal.projectId) {
    const runProject = getProjectById(db, run.projectId)?.name ?? `#${run.projectId}`;
    throw new ProjectScopeError(`This API key is limited to project '${scopedProjectName(db, principal)}': run '${runId}' is in project '${runProject}'.`);
  }
}

/** Paths whose `:id` is a run: `/api/v1/runs/{id}/…` and rllm's `/api/sessions/{id}/…`. */
const RUN_PATH = /^\/api\/(?:v1\/runs|sessions)\/[^/]+(?:\/|$)/;

/** REST: a write (any method but GET/HEAD) under a run's path must be to a run of the key's project. */
export function requireRestRunScope(db: Db, principal: Principal, req: Request, params: Record<string, string>): void {
  if (principal.projectId == null || req.method === "GET" || req.method === "HEAD" || !params.id) return;
  if (RUN_PATH.test(new URL(req.url).pathname)) requireRunInScope(db, principal, params.id);
}
