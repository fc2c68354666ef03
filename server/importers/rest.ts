import { BadRequestError, PayloadTooLargeError } from "../errors";
import { bodyLimit, BodyTooLargeError, formatBytes, readBodyBytes } from "../http/body-limit";
import { json, queryInt, restRoute } from "../http/rest";
import { requireRunRow } from "../runs/service";
import { importFileIntoRun } from "./ingest";
import { MAX_IMPORT_BYTES } from "./limits";
import { IMPORT_FORMATS, type ImportFormat } from "./trajectory-record";

export { MAX_IMPORT_BYTES };

/**
 * `POST /api/v1/runs/{id}/import?fileName=&skill=&step=&format=&offset=&line=`:
 * the raw file as the body, any content type. 201 with `{format, formatName,
 * imported, alreadyImported, trajectoryIds, metricsImported,
 * metricsAlreadyImported, skipped, warnings}`; 200 when everything was already
 * imported by an earlier upload of the same bytes. `format` names the format
 * instead of detecting it; `offset`/`line` say where in the file the body starts
 * (`bin/skillboard watch` sends appended bytes). The dashboard's upload box posts
 * here with the signed-in session instead of a key.
 */
export const importTrajectoriesRoute = restRoute(async ({ app, params, query, req }) => {
  requireRunRow(app.db, params.id);
  const step = queryInt(query, "step");
  if (step != null && step < 0) throw new BadRequestError(`step: expected a step ≥ 0, got ${step}.`);
  const offset = queryInt(query, "offset");
  if (offset != null && offset < 0) throw new BadRequestError(`offset: expected a byte offset ≥ 0, got ${offset}.`);
  const firstLine = queryInt(query, "line");
  if (firstLine != null && firstLine < 1) throw new BadRequestError(`line: expected a line number ≥ 1, got ${firstLine}.`);
  const format = query.get("format") || undefined;
  if (format && !(format in IMPORT_FORMATS)) throw new BadRequestError(`format: expected one of ${Object.keys(IMPORT_FORMATS).join(", ")}, got '${format}'.`);
  const skill = query.get("skill") || undefined;
  if (skill && skill.length > 200) throw new BadRequestError("skill: at most 200 characters.");
  const fileName = query.get("fileName") || undefined;
  // The bytes that arrive are counted (a chunked upload declares no length); reading stops at the limit.
  const limit = bodyLimit(app.config.bodyLimits, "import");
  const bytes = await readBodyBytes(req, limit, "import").catch((error: unknown) => {
    if (error instanceof BodyTooLargeError) throw new PayloadTooLargeError(`The file is larger than ${formatBytes(limit)}, the most an import takes. Split it (JSONL files split by line).`);
    throw error;
  });
  const result = await importFileIntoRun(app.db, app.blobs, params.id, bytes, {
    fileName,
    skill,
    step,
    format: format as ImportFormat | undefined,
    offset,
    firstLine,
  });
  return json(result, result.imported > 0 || result.metricsImported > 0 ? 201 : 200);
}, { session: true });
