import { appendEvalsRoute, getEvalsRoute } from "../evals/rest";
import { appendLogsRoute, readLogsRoute } from "../logs/rest";
import { appendMetricsRoute, getMetricsRoute, listMetricKeysRoute } from "../metrics/rest";
import { createRunRoute, deleteRunRoute, finishRunRoute, getRunRoute, listRunsRoute, purgeRunRoute, restoreRunRoute, updateRunRoute } from "../runs/rest";
import { appendTrajectoriesRoute, getTrajectoryRoute, listTrajectoriesRoute } from "../trajectories/rest";
import { cancelRunRoute, launchRoute, listRecipesRoute } from "../launches/rest";
import { heartbeatRoute, leaseJobRoute, listWorkersRoute, registerWorkerRoute, releaseRunRoute, startRunRoute, stopWorkerRoute } from "../jobs/rest";
import { listRunEventsRoute } from "../runs/rest";
import { createApiKeyRoute, listApiKeysRoute, revokeApiKeyRoute } from "../auth/rest";
import { signIn, signInWithLink, signOut } from "../auth/session-routes";
import { importTrajectoriesRoute } from "../importers/rest";
import { listAuditRoute } from "../audit/rest";
import { getRunJobRoute, listPoolsRoute, poolStatusRoute, schedulerReportRoute } from "../pools/rest";
import { RLLM_ROUTES } from "../rllm/routes";
import { MLFLOW_ROUTES } from "../mlflow/routes";
import { json, type RouteHandler } from "./rest";

/**
 * REST v1 and the session routes, as a table. The custom server (`bin/skillboard server`)
 * answers these paths from the table before Next.js sees the request; the same handlers
 * are exported by `app/api/**\/route.ts` for plain `next dev`/`next start`
 * (rest-routes.test.ts keeps both lists equal).
 */
export const REST_ROUTES: { method: string; path: string; handler: RouteHandler }[] = [
  { method: "POST", path: "/api/v1/runs", handler: createRunRoute },
  { method: "GET", path: "/api/v1/runs", handler: listRunsRoute },
  { method: "GET", path: "/api/v1/runs/:id", handler: getRunRoute },
  { method: "PATCH", path: "/api/v1/runs/:id", handler: updateRunRoute },
  { method: "DELETE", path: "/api/v1/runs/:id", handler: deleteRunRoute },
  { method: "POST", path: "/api/v1/runs/:id/restore", handler: restoreRunRoute },
  { method: "POST", path: "/api/v1/runs/:id/purge", handler: purgeRunRoute },
  { method: "POST", path: "/api/v1/runs/:id/finish", handler: finishRunRoute },
  { method: "POST", path: "/api/v1/runs/:id/metrics", handler: appendMetricsRoute },
  { method: "GET", path: "/api/v1/runs/:id/metrics", handler: getMetricsRoute },
  { method: "GET", path: "/api/v1/runs/:id/metric-keys", handler: listMetricKeysRoute },
  { method: "POST", path: "/api/v1/runs/:id/evals", handler: appendEvalsRoute },
  { method: "GET", path: "/api/v1/runs/:id/evals", handler: getEvalsRoute },
  { method: "POST", path: "/api/v1/runs/:id/trajectories", handler: appendTrajectoriesRoute },
  { method: "GET", path: "/api/v1/runs/:id/trajectories", handler: listTrajectoriesRoute },
  { method: "POST", path: "/api/v1/runs/:id/import", handler: importTrajectoriesRoute },
  { method: "POST", path: "/api/v1/runs/:id/logs", handler: appendLogsRoute },
  { method: "GET", path: "/api/v1/runs/:id/logs", handler: readLogsRoute },
  { method: "GET", path: "/api/v1/trajectories/:id", handler: getTrajectoryRoute },
  { method: "GET", path: "/api/v1/runs/:id/events", handler: listRunEventsRoute },
  { method: "POST", path: "/api/v1/runs/:id/cancel", handler: cancelRunRoute },
  { method: "POST", path: "/api/v1/runs/:id/start", handler: startRunRoute },
  { method: "POST", path: "/api/v1/runs/:id/release", handler: releaseRunRoute },
  { method: "POST", path: "/api/v1/runs/:id/scheduler-report", handler: schedulerReportRoute },
  { method: "GET", path: "/api/v1/runs/:id/job", handler: getRunJobRoute },
  { method: "GET", path: "/api/v1/pools", handler: listPoolsRoute },
  { method: "GET", path: "/api/v1/pools/:name/status", handler: poolStatusRoute },
  { method: "GET", path: "/api/v1/recipes", handler: listRecipesRoute },
  { method: "POST", path: "/api/v1/launches", handler: launchRoute },
  { method: "GET", path: "/api/v1/workers", handler: listWorkersRoute },
  { method: "POST", path: "/api/v1/workers", handler: registerWorkerRoute },
  { method: "POST", path: "/api/v1/workers/:id/lease", handler: leaseJobRoute },
  { method: "POST", path: "/api/v1/workers/:id/heartbeat", handler: heartbeatRoute },
  { method: "POST", path: "/api/v1/workers/:id/stop", handler: stopWorkerRoute },
  { method: "GET", path: "/api/v1/api-keys", handler: listApiKeysRoute },
  { method: "POST", path: "/api/v1/api-keys", handler: createApiKeyRoute },
  { method: "DELETE", path: "/api/v1/api-keys/:id", handler: revokeApiKeyRoute },
  { method: "GET", path: "/api/v1/audit", handler: listAuditRoute },
  { method: "POST", path: "/api/session", handler: signIn },
  { method: "DELETE", path: "/api/session", handler: signOut },
  { method: "GET", path: "/api/session/login", handler: signInWithLink },
  ...RLLM_ROUTES,
  // MLflow's tracking and artifact REST APIs: one catch-all per prefix (server/mlflow answers ENDPOINT_NOT_FOUND itself).
  ...MLFLOW_ROUTES,
];

const compiled = REST_ROUTES.map((r) => ({
  ...r,
  // `:name` is one segment, `:...name` a catch-all of one or more.
  regex: new RegExp(`^${r.path.replace(/:\.\.\.(\w+)/g, "(?<$1>.+)").replace(/:(\w+)/g, "(?<$1>[^/]+)")}$`),
}));

/** The handler and path params for a request, or null when no REST route matches. */
export function matchRestRoute(method: string, pathname: string) {
  let pathMatched = false;
  for (const r of compiled) {
    const m = r.regex.exec(pathname);
    if (!m) continue;
    pathMatched = true;
    if (r.method === method) {
      try {
        const params = Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
        return { handler: r.handler, params };
      } catch {
        return { handler: malformedPathRoute, params: {} };
      }
    }
  }
  return pathMatched ? "method-not-allowed" : null;
}

/** A path whose percent-encoding is not UTF-8 (`%E0%A4%A`, `%ED%A0%80`) names nothing: 400, not a crash. */
const malformedPathRoute: RouteHandler = async (req) =>
  json({ error: { code: "bad_request", message: `The path ${new URL(req.url).pathname} is not valid percent-encoded UTF-8.` } }, 400);
