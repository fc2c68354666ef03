import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import type { AppContext } from "../context";
import { requireRunInScope } from "../auth/project-scope";
import { bodyLimit, limitBodyStream } from "../http/body-limit";
import { ArtifactStore, locateArtifact, type ArtifactLocation } from "./artifact-store";
import { doesNotExist, invalidParameter, mlflowErrorResponse, MlflowError } from "./errors";
import { authorize, getAppContext, type MlflowRouteHandler } from "./request";
import { requireMlflowRun } from "./runs";
import { ingestValidationArtifact, VALIDATION_ARTIFACT } from "./verl-validation";

const ROOT = "/api/2.0/mlflow-artifacts/artifacts";
/** A validation file larger than this is stored but not turned into trajectories. */
const MAX_VALIDATION_ARTIFACT_BYTES = 64 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".log": "text/plain; charset=utf-8",
  ".yaml": "text/yaml; charset=utf-8",
  ".yml": "text/yaml; charset=utf-8",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".html": "text/plain; charset=utf-8",
};

/** The artifact path of a URL: each segment decoded on its own, so an encoded '/' cannot make a new segment. */
function artifactPathOf(pathname: string): string {
  const rest = pathname.slice(ROOT.length).replace(/^\/+/, "");
  return rest
    .split("/")
    .map((segment) => {
      let decoded: string;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        throw invalidParameter(`Invalid artifact path segment '${segment}'.`);
      }
      if (decoded.includes("/")) throw invalidParameter(`Invalid artifact path segment '${segment}'.`);
      return decoded;
    })
    .join("/");
}

/** The run the path belongs to, checked against the database. */
function requireRunLocation(app: AppContext, raw: string): ArtifactLocation {
  const loc = locateArtifact(raw);
  if (!loc) throw invalidParameter(`Artifact path '${raw}' does not name a run: use '<experiment id>/<run id>/artifacts/<path>'.`);
  requireMlflowRun(app.db, loc.runId);
  return loc;
}

/**
 * `/api/2.0/mlflow-artifacts/artifacts[/<path>]`: MLflow's proxied artifact service. PUT uploads
 * a file, GET downloads one, GET on the root with `?path=` lists a folder, DELETE removes.
 * A verl `val_step{N}.json` upload also becomes trajectories of the run.
 */
export const mlflowArtifactsRoute: MlflowRouteHandler = async (req) => {
  try {
    const url = new URL(req.url);
    const pathname = url.pathname.replace(/\/+$/, "");
    if (pathname !== ROOT && !pathname.startsWith(`${ROOT}/`)) {
      throw new MlflowError("ENDPOINT_NOT_FOUND", `No API endpoint ${req.method} ${url.pathname}: Skillboard serves MLflow's proxied artifact upload, download and listing (see docs/mlflow.md).`);
    }
    const app = getAppContext();
    const store = new ArtifactStore(app.config.dataDir);
    if (pathname === ROOT) {
      if (req.method !== "GET") throw new MlflowError("ENDPOINT_NOT_FOUND", `No API endpoint ${req.method} ${url.pathname}.`);
      authorize(app, req, "read");
      const raw = url.searchParams.get("path") ?? "";
      const loc = locateArtifact(raw);
      if (!loc) return Response.json({});
      requireMlflowRun(app.db, loc.runId);
      const files = store.list(loc);
      return Response.json(files.length ? { files } : {});
    }
    const raw = artifactPathOf(pathname);
    switch (req.method) {
      case "PUT": {
        const principal = authorize(app, req, "write");
        const loc = requireRunLocation(app, raw);
        requireRunInScope(app.db, principal, loc.runId);
        const { file, size } = await store.put(loc, limitBodyStream(req, bodyLimit(app.config.bodyLimits, "artifact"), "artifact"));
        if (VALIDATION_ARTIFACT.test(loc.relPath) && size <= MAX_VALIDATION_ARTIFACT_BYTES) {
          await ingestValidationArtifact(app.db, app.blobs, loc.runId, loc.relPath, fs.readFileSync(file, "utf8"));
        }
        return Response.json({});
      }
      case "GET": {
        authorize(app, req, "read");
        const loc = requireRunLocation(app, raw);
        if (!loc.relPath) throw doesNotExist(`'${raw}' is a folder: list it with GET ${ROOT}?path=${raw}.`);
        const { file, size } = store.requireFile(loc);
        const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
        return new Response(Readable.toWeb(fs.createReadStream(file)) as ReadableStream, {
          headers: { "content-type": type, "content-length": String(size) },
        });
      }
      case "DELETE": {
        const principal = authorize(app, req, "write");
        const loc = requireRunLocation(app, raw);
        requireRunInScope(app.db, principal, loc.runId);
        await store.delete(loc);
        return Response.json({});
      }
      default:
        throw new MlflowError("ENDPOINT_NOT_FOUND", `No API endpoint ${req.method} ${url.pathname}.`);
    }
  } catch (error) {
    return mlflowErrorResponse(error);
  }
};
