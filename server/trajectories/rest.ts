import { BadRequestError } from "../errors";
import { json, queryBool, queryInt, queryNumber, restRoute } from "../http/rest";
import { listTrajectories, TRAJECTORY_SORT_KEYS, type TrajectorySortKey } from "./list-query";
import { appendTrajectoryBatch, getTrajectory } from "./service";

function sortParam(query: URLSearchParams): TrajectorySortKey | undefined {
  const raw = query.get("sort");
  if (!raw) return undefined;
  if (!(TRAJECTORY_SORT_KEYS as readonly string[]).includes(raw)) {
    throw new BadRequestError(`sort: expected one of ${TRAJECTORY_SORT_KEYS.join(", ")}, got '${raw}'.`);
  }
  return raw as TrajectorySortKey;
}

function dirParam(query: URLSearchParams): "asc" | "desc" | undefined {
  const raw = query.get("dir");
  if (!raw) return undefined;
  if (raw !== "asc" && raw !== "desc") throw new BadRequestError(`dir: expected asc or desc, got '${raw}'.`);
  return raw;
}

export const appendTrajectoriesRoute = restRoute(async ({ app, params, json: body }) => {
  const result = await appendTrajectoryBatch(app.db, app.blobs, params.id, await body());
  return json(result, result.duplicate ? 200 : 201);
}, { bodyLimit: "trajectories" });

export const listTrajectoriesRoute = restRoute(({ app, params, query }) =>
  json(
    listTrajectories(app.db, params.id, {
      skill: query.get("skill") || undefined,
      taskId: query.get("taskId") || undefined,
      taskIdContains: query.get("taskIdContains") || undefined,
      groupKey: query.get("groupKey") || undefined,
      stepMin: queryInt(query, "stepMin"),
      stepMax: queryInt(query, "stepMax"),
      passed: query.get("passed") === "unknown" ? null : queryBool(query, "passed"),
      rewardMin: queryNumber(query, "rewardMin"),
      rewardMax: queryNumber(query, "rewardMax"),
      sort: sortParam(query),
      dir: dirParam(query),
      limit: queryInt(query, "limit"),
      cursor: query.get("cursor") || undefined,
    }),
  ),
);

export const getTrajectoryRoute = restRoute(({ app, params }) => {
  const id = Number(params.id);
  if (!Number.isInteger(id)) throw new BadRequestError(`id: expected an integer trajectory id, got '${params.id}'.`);
  return json(getTrajectory(app.db, app.blobs, id));
});
