import { json, restRoute } from "../http/rest";
import { NotFoundError } from "../errors";
import { recordSchedulerReport } from "./reports";
import { describePools, getRunJob, listPools } from "./views";

/** The in-job wrapper reports start and exit of a cluster job (any key; the server checks the job is the run's current one). */
export const schedulerReportRoute = restRoute(async ({ app, params, json: body }) => json(recordSchedulerReport(app.db, params.id, await body())));

export const getRunJobRoute = restRoute(({ app, params }) => {
  const job = getRunJob(app, params.id);
  if (!job) throw new NotFoundError("Job of run", params.id);
  return json(job);
});

export const listPoolsRoute = restRoute(({ app }) => json({ pools: listPools(app) }));

export const poolStatusRoute = restRoute(async ({ app, params }) => {
  if (!app.pools.pools.has(params.name)) throw new NotFoundError("Pool", params.name);
  const [pool] = (await describePools(app)).filter((p) => p.name === params.name);
  return json(pool);
});
