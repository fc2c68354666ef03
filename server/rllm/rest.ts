import { UnauthorizedError } from "../errors";
import type { BodyLimitName } from "../http/body-limit";
import { errorResponse, json, restRoute, type RestRequest, type RouteHandler } from "../http/rest";
import { acceptTrajectoryGroup, acceptTrajectoryGroupsBatch, appendEpisode, appendEpisodesBatch } from "./episodes";
import { appendRllmEvalResult } from "./eval-results";
import { parsePythonJson } from "./lenient-json";
import { requireRllmBodyScope } from "./project-scope";
import { appendRllmLogs } from "./logs";
import { appendRllmMetrics } from "./metrics";
import { completeSession, createSession, heartbeatSession } from "./sessions";

const NO_KEY_MESSAGE =
  "No API key: rllm sends RLLM_API_KEY as 'X-API-Key'; set RLLM_API_KEY to a Skillboard SDK key (or send 'Authorization: Bearer <key>').";

type RllmRequest = Omit<RestRequest, "json"> & { body(): Promise<unknown> };

/**
 * An rllm UI-logger route: rllm authenticates with `X-API-Key: $RLLM_API_KEY`, which is
 * checked as the Skillboard API key it is (a Bearer header works too); bodies are read as
 * Python's json writes them (NaN allowed). Everything else is a REST v1 route.
 */
function rllmRoute(handler: (r: RllmRequest) => Response | Promise<Response>, opts: { bodyLimit?: BodyLimitName } = {}): RouteHandler {
  const inner = restRoute((r) => handler({ ...r, body: async () => requireRllmBodyScope(r.app.db, r.principal, parsePythonJson(await r.text())) }), opts);
  return async (req, ctx) => {
    if (req.headers.get("authorization")) return inner(req, ctx);
    const key = req.headers.get("x-api-key");
    if (!key) return errorResponse(new UnauthorizedError(NO_KEY_MESSAGE));
    const headers = new Headers(req.headers);
    headers.set("authorization", `Bearer ${key}`);
    return inner(new Request(req, { headers }), ctx);
  };
}

export const createSessionRoute = rllmRoute(async ({ app, body }) => {
  const run = createSession(app.db, await body());
  // rllm reads `id` (or `session_id`); the run's fields come along for anyone else reading.
  return json({ ...run, session_id: run.id }, 201);
});

export const sessionHeartbeatRoute = rllmRoute(({ app, params }) => {
  heartbeatSession(app.db, params.id);
  return json({ ok: true });
});

export const completeSessionRoute = rllmRoute(async ({ app, params, text: bodyText }) => {
  const text = await bodyText();
  return json(completeSession(app.db, params.id, text.trim() ? parsePythonJson(text) : {}));
});

export const rllmMetricsRoute = rllmRoute(async ({ app, body }) => json(appendRllmMetrics(app.db, await body())));

// Episodes carry whole trajectories: they take the trajectory byte limit.
export const rllmEpisodesBatchRoute = rllmRoute(async ({ app, body }) => json(await appendEpisodesBatch(app.db, app.blobs, await body())), { bodyLimit: "trajectories" });

export const rllmEpisodeRoute = rllmRoute(async ({ app, body }) => json(await appendEpisode(app.db, app.blobs, await body())), { bodyLimit: "trajectories" });

export const rllmTrajectoryGroupsBatchRoute = rllmRoute(async ({ app, body }) => json(acceptTrajectoryGroupsBatch(app.db, await body())));

export const rllmTrajectoryGroupRoute = rllmRoute(async ({ app, body }) => json(acceptTrajectoryGroup(app.db, await body())));

export const rllmLogsBatchRoute = rllmRoute(async ({ app, body }) => json(appendRllmLogs(app.db, await body())));

export const rllmEvalResultsRoute = rllmRoute(async ({ app, body }) => json(appendRllmEvalResult(app.db, await body())));
