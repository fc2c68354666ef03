import { json, restRoute } from "../http/rest";
import { ForbiddenError, NotFoundError } from "../errors";
import { isJobPrincipal } from "../auth/job-tokens";
import { recordSchedulerReport } from "./reports";
import { poolStatus } from "./pool-status-cache";
import { getRunJob, listPools } from "./views";

/**
 * The in-job wrapper reports start and exit of a cluster job with the job's token (its own run only), or an admin
 * key; the server checks the job is the run's current one. SDK and worker keys are refused: a run's state is not theirs to write.
 */
export const schedulerReportRoute = restRoute(async ({ app, params, principal, json: body }) => {
  if (!isJobPrincipal(principal) && principal.role !== "admin") {
    throw new ForbiddenError("Only the run's own job token (SKILLBOARD_API_KEY inside a Slurm or Ray job) or an admin key reports on a scheduler job.");
  }
  return json(recordSchedulerReport(app.db, params.id, await body()));
});

export const getRunJobRoute = restRoute(({ app, params }) => {
  const job = getRunJob(app, params.id);
  if (!job) throw new NotFoundError("Job of run", params.id);
  return json(job);
});

export const listPoolsRoute = restRoute(({ app }) => json({ pools: listPools(app) }));

export const poolStatusRoute = restRoute(async ({ app, params }) => {
  if (!app.pools.pools.has(params.name)) throw new NotFoundError("Pool", params.name);
  // Every REST caller has a key: it may refresh (at most once per POOL_STATUS_TTL_MS for all callers).
  const [pool] = (await poolStatus(app, { mayRefresh: true })).filter((p) => p.name === params.name);
  return json(pool);
});
