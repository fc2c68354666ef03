import { BadRequestError, PayloadTooLargeError } from "../errors";
import { json, queryInt, restRoute } from "../http/rest";
import { requireRunRow } from "../runs/service";
import { importIntoRun } from "./ingest";

/** Uploads larger than this are refused before they are read (a JavaScript string holds at most ~512 MiB). */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

/**
 * `POST /api/v1/runs/{id}/import?fileName=&skill=&step=`: the raw agent log as
 * the body, any content type. 201 with `{format, formatName, imported,
 * alreadyImported, trajectoryIds, warnings}`; 200 when every trajectory was
 * already imported by an earlier upload of the same file. The dashboard's upload
 * box posts here with the signed-in session instead of a key.
 */
export const importTrajectoriesRoute = restRoute(async ({ app, params, query, req }) => {
  requireRunRow(app.db, params.id);
  const step = queryInt(query, "step");
  if (step != null && step < 0) throw new BadRequestError(`step: expected a step ≥ 0, got ${step}.`);
  const skill = query.get("skill") || undefined;
  if (skill && skill.length > 200) throw new BadRequestError("skill: at most 200 characters.");
  const fileName = query.get("fileName") || undefined;
  const length = Number(req.headers.get("content-length"));
  if (length > MAX_IMPORT_BYTES) {
    throw new PayloadTooLargeError(`The file has ${length} bytes; an import takes at most ${MAX_IMPORT_BYTES} bytes. Split it (JSONL files split by line).`);
  }
  const text = await req.text();
  if (text.length > MAX_IMPORT_BYTES) throw new PayloadTooLargeError(`An import takes at most ${MAX_IMPORT_BYTES} bytes; split the file.`);
  const result = importIntoRun(app.db, app.blobs, params.id, text, { fileName, skill, step });
  return json(result, result.imported > 0 ? 201 : 200);
}, { session: true });
