import fs from "node:fs";
import { Readable } from "node:stream";
import { getAppContext } from "../context";
import { BadRequestError, NotFoundError } from "../errors";
import { errorResponse } from "../http/rest";

/**
 * `GET /api/trajectories/{id}/raw`: the whole trajectory JSON as stored, for the
 * dashboard's "Raw JSON" link. The gzip blob is streamed as is (`Content-Encoding:
 * gzip`), so a body of any size downloads without being parsed or held in memory.
 * Readable like the dashboard's other reads (no key), as the tRPC queries are.
 */
export async function rawTrajectoryRoute(_req: Request, ctx: { params: Promise<Record<string, string>> }): Promise<Response> {
  try {
    const { id: raw } = await ctx.params;
    const id = Number(raw);
    if (!Number.isInteger(id)) throw new BadRequestError(`id: expected an integer trajectory id, got '${raw}'.`);
    const app = getAppContext();
    const blob = app.db.$client.prepare("SELECT blob FROM trajectories WHERE id = ?").pluck().get(id) as string | undefined;
    if (!blob) throw new NotFoundError("Trajectory", id);
    const file = app.blobs.gzipPath(blob);
    const stream = Readable.toWeb(fs.createReadStream(file)) as ReadableStream<Uint8Array>;
    return new Response(stream, {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-encoding": "gzip",
        "content-length": String(fs.statSync(file).size),
        "content-disposition": `inline; filename="trajectory-${id}.json"`,
        "cache-control": "private, max-age=3600, immutable",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
