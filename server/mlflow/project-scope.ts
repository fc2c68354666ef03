import type { Db } from "@/db";
import type { Principal } from "../auth/api-keys";
import { requireProjectInScope, requireRunInScope } from "../auth/project-scope";
import { DEFAULT_EXPERIMENT_ID, projectNameOf, requireExperimentProject } from "./experiments";

/**
 * A project-limited SDK key on the MLflow API (experiment = project): it may create runs
 * only in its own experiment and log only to that experiment's runs; creating another
 * experiment is refused too. 403 PERMISSION_DENIED, saying which project the key is limited to.
 */
export async function requireMlflowWriteScope(db: Db, principal: Principal, endpoint: string, input: () => Promise<Record<string, unknown>>): Promise<void> {
  if (principal.projectId == null) return;
  const q = await input();
  if (endpoint === "experiments/create") {
    if (typeof q.name === "string") requireProjectInScope(db, principal, projectNameOf(q.name));
    return;
  }
  if (endpoint === "runs/create") {
    const experimentId = typeof q.experiment_id === "string" && q.experiment_id ? q.experiment_id : DEFAULT_EXPERIMENT_ID;
    requireProjectInScope(db, principal, requireExperimentProject(db, experimentId).name);
    return;
  }
  const runId = q.run_id ?? q.run_uuid;
  if (typeof runId === "string" && runId) requireRunInScope(db, principal, runId);
}
