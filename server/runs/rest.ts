import { json, queryInt, restRoute } from "../http/rest";
import { parseOrThrow } from "../validation";
import { createRunInput, finishRunInput, listRunsInput } from "./inputs";
import { listRunEvents } from "../jobs/events";
import { finishLeasedJob } from "../jobs/workers";
import { updateRun } from "./edit";
import { updateRunInput } from "./edit-input";
import { createRun, finishRun, getRun, listRuns, requireRunRow } from "./service";
import { purgeRun } from "./purge";
import { deleteRun, restoreRun } from "./trash";
import { z } from "zod";
import { latestPass1ForRuns } from "../metric-mapping/read";
import { listProjects } from "../projects/service";

/** `include=latestPass1`: also the runs table's Pass@1 columns (as tRPC `runs.list` returns them). */
const listRunsInclude = z.enum(["latestPass1"]).optional();

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
    deleted: query.get("deleted") || undefined,
  });
  const include = parseOrThrow(z.object({ include: listRunsInclude }), { include: query.get("include") || undefined }).include;
  const runs = listRuns(app.db, filter);
  if (include !== "latestPass1") return json({ runs });
  const skills = [...new Set(listProjects(app.db).flatMap((p) => p.skills))];
  return json({ runs, skills, latestPass1: latestPass1ForRuns(app.db, runs, skills) });
});

export const getRunRoute = restRoute(({ app, params }) => json(getRun(app.db, params.id)));

/** PATCH /api/v1/runs/{id} {name?, tags?, notes?}: admins, and trainers with an SDK key (to tag their own run). */
export const updateRunRoute = restRoute(async ({ app, params, json: body }) => json(updateRun(app.db, params.id, parseOrThrow(updateRunInput, await body()))), {
  roles: ["admin", "sdk"],
});

/** DELETE /api/v1/runs/{id}: moves the run to the trash (its data is kept); 409 while a launched run is queued or running. */
export const deleteRunRoute = restRoute(({ app, params }) => json(deleteRun(app.db, params.id)), { roles: ["admin"] });

/** POST /api/v1/runs/{id}/restore: takes the run out of the trash. */
export const restoreRunRoute = restRoute(({ app, params }) => json(restoreRun(app.db, params.id)), { roles: ["admin"] });

/** POST /api/v1/runs/{id}/purge: deletes a run in the trash for good; 409 for a run not in the trash. */
export const purgeRunRoute = restRoute(({ app, params }) => json(purgeRun({ db: app.db, blobs: app.blobs, dataDir: app.config.dataDir }, params.id)), {
  roles: ["admin"],
});

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
