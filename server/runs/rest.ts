import { json, queryInt, restRoute } from "../http/rest";
import { isJobPrincipal } from "../auth/job-tokens";
import { requireProjectInScope, scopedProjectName } from "../auth/project-scope";
import { ForbiddenError } from "../errors";
import { parseOrThrow } from "../validation";
import { createRunInput, finishRunInput } from "./inputs";
import { listRunsPage } from "./page";
import { runsPageInput } from "./page-input";
import { pass1Columns } from "./table";
import { listRunEvents } from "../jobs/events";
import { finishLeasedJob } from "../jobs/workers";
import { updateRun } from "./edit";
import { updateRunInput } from "./edit-input";
import { createRun, finishRun, getRun, requireRunRow } from "./service";
import { purgeRun } from "./purge";
import { deleteRun, restoreRun } from "./trash";
import { audited } from "../audit/record";
import { runAudit } from "../audit/targets";
import { z } from "zod";

/** `include=latestPass1`: also the runs table's Pass@1 columns (as tRPC `runs.page` returns them). */
const listRunsInclude = z.enum(["latestPass1"]).optional();

/** Runs per REST page when `limit` is not given (what the list returned before it paged). */
const REST_RUNS_PAGE = 1000;

/**
 * POST /api/v1/runs. A project-limited SDK key creates runs in its project (the default when `project` is
 * omitted) and no other; a job token only "creates" its own run again (an SDK that spooled while the server was away).
 */
export const createRunRoute = restRoute(async ({ app, principal, json: body }) => {
  const input = parseOrThrow(createRunInput, await body());
  if (isJobPrincipal(principal)) {
    if (input.id !== principal.runId) {
      throw new ForbiddenError(`A job token writes only to its own run ('${principal.runId}'): it cannot create run '${input.id ?? "(new)"}'.`);
    }
    return json(getRun(app.db, principal.runId)); // it exists: the token was checked against it
  }
  input.project ??= scopedProjectName(app.db, principal) ?? undefined;
  requireProjectInScope(app.db, principal, input.project);
  const { run, created } = createRun(app.db, input);
  return json(run, created ? 201 : 200);
});

/**
 * GET /api/v1/runs: a page of runs (`limit`, default 1000; `cursor` = the last page's `nextCursor`),
 * newest first or by `sort`/`dir`, with `total` (the project's runs, or the trash's) and `matched` (those passing the filters).
 */
export const listRunsRoute = restRoute(({ app, query }) => {
  const input = parseOrThrow(runsPageInput, {
    project: query.get("project") || undefined,
    group: query.get("group") || undefined,
    status: query.get("status") || undefined,
    tag: query.get("tag") || undefined,
    search: query.get("search") || undefined,
    deleted: query.get("deleted") || undefined,
    sort: query.get("sort") || undefined,
    dir: query.get("dir") || undefined,
    limit: queryInt(query, "limit") ?? REST_RUNS_PAGE,
    cursor: query.get("cursor") || undefined,
  });
  const include = parseOrThrow(z.object({ include: listRunsInclude }), { include: query.get("include") || undefined }).include;
  const page = listRunsPage(app.db, input);
  const body = { runs: page.runs, nextCursor: page.nextCursor, total: page.total, matched: page.matched };
  if (include !== "latestPass1") return json(body);
  return json({ ...body, ...pass1Columns(app.db, input.project, page.runs) });
});

export const getRunRoute = restRoute(({ app, params }) => json(getRun(app.db, params.id)));

/** PATCH /api/v1/runs/{id} {name?, tags?, notes?}: admins, and trainers with an SDK key (to tag their own run). */
export const updateRunRoute = restRoute(async ({ app, params, principal, json: body }) => {
  const patch = parseOrThrow(updateRunInput, await body());
  const update = () => updateRun(app.db, params.id, patch);
  // A trainer tagging its own run is not an admin action; an admin's edit is logged.
  if (principal.role !== "admin") return json(update());
  return json(audited(app.db, principal, "run.update", update, (run) => runAudit(run, { fields: Object.keys(patch) })));
}, {
  roles: ["admin", "sdk"],
});

/** DELETE /api/v1/runs/{id}: moves the run to the trash (its data is kept); 409 while a launched run is queued or running. */
export const deleteRunRoute = restRoute(
  ({ app, params, principal }) => json(audited(app.db, principal, "run.delete", () => deleteRun(app.db, params.id), (run) => runAudit(run))),
  { roles: ["admin"] },
);

/** POST /api/v1/runs/{id}/restore: takes the run out of the trash. */
export const restoreRunRoute = restRoute(
  ({ app, params, principal }) => json(audited(app.db, principal, "run.restore", () => restoreRun(app.db, params.id), (run) => runAudit(run))),
  { roles: ["admin"] },
);

/** POST /api/v1/runs/{id}/purge: deletes a run in the trash for good; 409 for a run not in the trash. */
export const purgeRunRoute = restRoute(async ({ app, params, principal }) => {
  const run = requireRunRow(app.db, params.id);
  const purge = () => purgeRun({ db: app.db, blobs: app.blobs, dataDir: app.config.dataDir }, params.id);
  return json(await audited(app.db, principal, "run.purge", purge, (r) => runAudit(run, { trajectories: r.trajectories, bytesFreed: r.bytesFreed })));
}, {
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
