import { json, queryInt, restRoute } from "../http/rest";
import { parseOrThrow } from "../validation";
import { appendMetricBatchGrouped } from "./group-commit";
import { getRunSeries, listRunMetricKeys, seriesQueryInput } from "./series";

export const appendMetricsRoute = restRoute(async ({ app, params, json: body }) => {
  const result = await appendMetricBatchGrouped(app.db, params.id, await body());
  return json(result, result.duplicate ? 200 : 201);
});

export const getMetricsRoute = restRoute(({ app, params, query }) => {
  const q = parseOrThrow(seriesQueryInput, {
    keys: (query.get("keys") ?? "").split(",").map((k) => k.trim()).filter(Boolean),
    maxPoints: queryInt(query, "maxPoints"),
    stepMin: queryInt(query, "stepMin"),
    stepMax: queryInt(query, "stepMax"),
  });
  return json({ series: getRunSeries(app.db, params.id, q) });
});

export const listMetricKeysRoute = restRoute(({ app, params }) => json({ keys: listRunMetricKeys(app.db, params.id) }));
