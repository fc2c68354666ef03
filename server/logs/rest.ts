import { json, queryInt, restRoute } from "../http/rest";
import { BadRequestError } from "../errors";
import { appendLogBatch, DEFAULT_LOG_READ_BYTES, MAX_LOG_READ_BYTES, readLogs } from "./service";

export const appendLogsRoute = restRoute(async ({ app, params, json: body }) => {
  const result = appendLogBatch(app.db, params.id, await body());
  return json(result, result.duplicate ? 200 : 201);
});

/** `GET …/logs?after=&limit=&maxBytes=`: capped by chunks (≤ 10,000) and by bytes of text (≤ 8 MiB, default 1 MiB); `nextAfter` is the cursor. */
export const readLogsRoute = restRoute(({ app, params, query }) => {
  const maxBytes = queryInt(query, "maxBytes") ?? DEFAULT_LOG_READ_BYTES;
  if (maxBytes < 1 || maxBytes > MAX_LOG_READ_BYTES) throw new BadRequestError(`maxBytes: expected 1 to ${MAX_LOG_READ_BYTES}, got ${maxBytes}.`);
  const limit = queryInt(query, "limit") ?? 1000;
  if (limit < 1 || limit > 10_000) throw new BadRequestError(`limit: expected 1 to 10000, got ${limit}.`);
  return json(readLogs(app.db, params.id, queryInt(query, "after") ?? 0, limit, maxBytes));
});
