import { json, restRoute } from "../http/rest";
import { appendEvalBatch } from "./ingest";
import { getRunEvals } from "./read";

export const appendEvalsRoute = restRoute(async ({ app, params, json: body }) => {
  const result = appendEvalBatch(app.db, params.id, await body());
  return json(result, result.duplicate ? 200 : 201);
});

export const getEvalsRoute = restRoute(({ app, params }) => json({ benchmarks: getRunEvals(app.db, params.id) }));
