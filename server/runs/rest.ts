import { json, queryInt, restRoute } from "../http/rest";
import { parseOrThrow } from "../validation";
import { createRunInput, finishRunInput, listRunsInput } from "./inputs";
import { listRunEvents } from "../jobs/events";
import { finishLeasedJob } from "../jobs/workers";
import { createRun, finishRun, getRun, listRuns, requireRunRow } from "./service";

export const createRunRoute = restRoute(async ({ app, json: body }) => {
  const input = parseOrThrow(createRunInput, await body());
  const { run, created } = createRun(app.db, input);
  return json(run, created ? 201 : 200);
});

export const listRunsRoute = restRoute(({ app, query }) => {
  const filter = parseOrThrow(listRunsInput, {
    project: query.get("project") || undefined,
    group: query.get("group") || undefined,
    status: query.get("status") || undefined,
    tag: query.get("tag") || undefined,
    search: query.get("search") || undefined,
    limit: queryInt(query, "limit"),
  });
  return json({ runs: listRuns(app.db, filter) });
});

export const getRunRoute = restRoute(({ app, params }) => json(getRun(app.db, params.id)));

export const finishRunRoute = restRoute(async ({ app, params, json: body }) => {
  const input = parseOrThrow(finishRunInput, await body());
  if (input.leaseToken) {
    finishLeasedJob(app.db, params.id, input.leaseToken, {
      exitCode: input.exitCode ?? null,
      signal: input.signal,
      error: input.error,
      canceled: input.status === "canceled",
    });
    return json(getRun(app.db, params.id));
  }
  return json(finishRun(app.db, params.id, input));
});

export const listRunEventsRoute = restRoute(({ app, params }) =>
  json({ events: listRunEvents(app.db.$client, requireRunRow(app.db, params.id).pk) }),
);
