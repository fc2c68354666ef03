import { BadRequestError } from "../errors";
import { json, queryBool, queryInt, restRoute } from "../http/rest";
import { appendTrajectoryBatch, getTrajectory, listTrajectories } from "./service";

export const appendTrajectoriesRoute = restRoute(async ({ app, params, json: body }) => {
  const result = appendTrajectoryBatch(app.db, app.blobs, params.id, await body());
  return json(result, result.duplicate ? 200 : 201);
});

export const listTrajectoriesRoute = restRoute(({ app, params, query }) =>
  json(
    listTrajectories(app.db, params.id, {
      skill: query.get("skill") || undefined,
      taskId: query.get("taskId") || undefined,
      stepMin: queryInt(query, "stepMin"),
      stepMax: queryInt(query, "stepMax"),
      passed: queryBool(query, "passed"),
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
