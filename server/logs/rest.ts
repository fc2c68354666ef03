import { json, queryInt, restRoute } from "../http/rest";
import { appendLogBatch, readLogs } from "./service";

export const appendLogsRoute = restRoute(async ({ app, params, json: body }) => {
  const result = appendLogBatch(app.db, params.id, await body());
  return json(result, result.duplicate ? 200 : 201);
});

export const readLogsRoute = restRoute(({ app, params, query }) =>
  json(readLogs(app.db, params.id, queryInt(query, "after") ?? 0, Math.min(queryInt(query, "limit") ?? 1000, 10_000))),
);
