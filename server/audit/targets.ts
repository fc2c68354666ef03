import type { ApiKeyView } from "../auth/api-keys";

/**
 * How each kind of thing an admin acts on is named in the log: `target` is what
 * a reader searches for (a run id, `api_key:<id>`, `project:<name>`), `detail`
 * what it was at the time (a key's name and role, a launch's recipe and runs).
 */
export const apiKeyTarget = (id: number) => `api_key:${id}`;
export const projectTarget = (name: string) => `project:${name}`;

/** A created or revoked key: never the key itself. */
export const keyAudit = (key: ApiKeyView) => ({
  target: apiKeyTarget(key.id),
  detail: { name: key.name, role: key.role, prefix: key.prefix, ...(key.project ? { project: key.project } : {}) },
});

/** A run by its id, with its name as it was (a purged run's name is gone afterwards). */
export const runAudit = (run: { id: string; name: string }, detail: Record<string, unknown> = {}) => ({
  target: run.id,
  detail: { name: run.name, ...detail },
});

/** A launch: one entry for all the runs it created (an ablation set or a seed sweep), named by its group or its one run. */
export const launchAudit = (recipe: string, result: { runs: { id: string; name: string }[]; group?: string }) => ({
  target: result.group ? `group:${result.group}` : (result.runs[0]?.id ?? null),
  detail: { recipe, runs: result.runs.map((r) => r.id) },
});
