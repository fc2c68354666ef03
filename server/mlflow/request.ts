import type { z } from "zod";
import type { ApiKeyRole } from "@/db/schema";
import { authenticate, type Principal } from "../auth/api-keys";
import { getAppContext, type AppContext } from "../context";
import { bodyLimit, readBodyText } from "../http/body-limit";
import { describeZodError } from "../validation";
import { invalidParameter, MlflowError } from "./errors";

/** What an MLflow endpoint handler gets. */
export interface MlflowRequest {
  req: Request;
  app: AppContext;
  principal: Principal;
  /** The request's parameters: the query string of a GET, the JSON body otherwise. */
  input(): Promise<Record<string, unknown>>;
}

/** The shape of a route handler (Next.js passes a catch-all's segments as an array; these handlers read the URL instead). */
export type MlflowRouteHandler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

/** Keys MLflow sends as repeated query parameters. */
const LIST_PARAMS = new Set(["order_by", "experiment_ids", "run_ids"]);

function queryInput(url: URL): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of url.searchParams) {
    if (LIST_PARAMS.has(k)) ((out[k] ??= []) as string[]).push(v);
    else out[k] = v;
  }
  return out;
}

export async function readInput(req: Request, app: AppContext): Promise<Record<string, unknown>> {
  if (req.method === "GET" || req.method === "HEAD") return queryInput(new URL(req.url));
  const text = await readBodyText(req, bodyLimit(app.config.bodyLimits, "json"), "json");
  if (!text.trim()) return queryInput(new URL(req.url));
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalidParameter("Malformed JSON in the request body.");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw invalidParameter("The request body must be a JSON object.");
  return body as Record<string, unknown>;
}

export function parseMlflow<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw invalidParameter(describeZodError(result.error));
  return result.data;
}

/** Authenticates like REST v1 (`Authorization: Bearer <api key>`, which is what MLFLOW_TRACKING_TOKEN sends) and checks the role. */
export function authorize(app: AppContext, req: Request, access: "read" | "write" | "admin"): Principal {
  const principal = authenticate(app.db, req.headers.get("authorization"));
  if (access === "write" && principal.role === "viewer") throw new MlflowError("PERMISSION_DENIED", "A viewer key is read-only: it cannot log to runs.");
  if (access === "admin" && principal.role !== ("admin" satisfies ApiKeyRole)) throw new MlflowError("PERMISSION_DENIED", "Deleting and restoring runs needs an admin key.");
  return principal;
}

export { getAppContext };
