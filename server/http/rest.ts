import type { ApiKeyRole } from "@/db/schema";
import { AppError, BadRequestError, ForbiddenError, UnauthorizedError } from "../errors";
import { authenticate, type Principal } from "../auth/api-keys";
import { isJobToken, requireOwnRun, verifyJobToken } from "../auth/job-tokens";
import { requireRestRunScope } from "../auth/project-scope";
import { readCookie, resolveSession, SESSION_COOKIE } from "../auth/sessions";
import { getAppContext, type AppContext } from "../context";
import { bodyLimit, readBodyText, type BodyLimitName } from "./body-limit";

export interface RestRequest {
  req: Request;
  params: Record<string, string>;
  query: URLSearchParams;
  app: AppContext;
  principal: Principal;
  /** The parsed JSON body; a body that is not JSON is a 400, one past the route's byte limit a 413. */
  json(): Promise<unknown>;
  /** The body as text, within the route's byte limit. */
  text(): Promise<string>;
}

export type RestHandler = (r: RestRequest) => Promise<Response> | Response;
/** The shape Next.js route handlers have; the test server calls the same functions. */
export type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export const json = (body: unknown, status = 200) => Response.json(body, { status });

export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) return json({ error: { code: error.code, message: error.message } }, error.status);
  console.error(error);
  return json({ error: { code: "internal", message: "Internal server error; the server log has the details." } }, 500);
}

const ROLE_WORDS: Record<ApiKeyRole, string> = { admin: "an admin key", sdk: "an SDK key", worker: "a worker key", viewer: "a viewer key" };

/** Methods a viewer key may use, on any route its `roles` allow. */
const READ_METHODS = new Set(["GET", "HEAD"]);

/**
 * The principal of a request without an Authorization header: the signed-in
 * browser's session (admins and viewers sign in). The session cookie is SameSite=Lax, so
 * other sites cannot post with it; a cross-origin Origin header is refused too.
 */
function sessionPrincipal(app: AppContext, req: Request): Principal {
  const principal = resolveSession(app.db, readCookie(req.headers.get("cookie"), SESSION_COOKIE));
  if (!principal) throw new UnauthorizedError("Sign in to the dashboard, or send 'Authorization: Bearer <key>'.");
  const origin = req.headers.get("origin");
  const hosts = [req.headers.get("host"), req.headers.get("x-forwarded-host")].filter(Boolean);
  if (origin && hosts.length && !hosts.includes(new URL(origin).host)) throw new ForbiddenError(`Cross-origin request from ${origin} refused.`);
  return principal;
}

/**
 * Wraps a handler with authentication, the role check, JSON parsing and the
 * error → status mapping. `roles` lists the key roles allowed (default: all);
 * a viewer key (or viewer session) may only read: any other method is a 403 whatever `roles` says.
 * `session`: a request without an Authorization header may use the browser's
 * sign-in session instead (the dashboard's upload box).
 * `bodyLimit`: which byte limit the body is read under (default "json"; see body-limit.ts).
 */
export function restRoute(handler: RestHandler, opts: { roles?: ApiKeyRole[]; session?: boolean; bodyLimit?: BodyLimitName } = {}): RouteHandler {
  const limitName = opts.bodyLimit ?? "json";
  return async (req, ctx) => {
    try {
      const app = getAppContext();
      const authorization = req.headers.get("authorization");
      const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
      const jobPrincipal = bearer && isJobToken(bearer) ? verifyJobToken(app.db.$client, app.config.dataDir, bearer) : null;
      const principal = jobPrincipal ?? (opts.session && !authorization ? sessionPrincipal(app, req) : authenticate(app.db, authorization));
      if (principal.role === "viewer" && !READ_METHODS.has(req.method.toUpperCase())) {
        throw new ForbiddenError("A viewer key is read-only: it can only read (GET).");
      }
      if (opts.roles && !opts.roles.includes(principal.role)) {
        throw new ForbiddenError(`This needs ${opts.roles.map((r) => ROLE_WORDS[r]).join(" or ")}; the request used ${ROLE_WORDS[principal.role]}.`);
      }
      const params = (await ctx?.params) ?? {};
      if (jobPrincipal) requireOwnRun(jobPrincipal, req, params);
      requireRestRunScope(app.db, principal, req, params);
      return await handler({
        req,
        params,
        query: new URL(req.url).searchParams,
        app,
        principal,
        text: () => readBodyText(req, bodyLimit(app.config.bodyLimits, limitName), limitName),
        json: async () => {
          const text = await readBodyText(req, bodyLimit(app.config.bodyLimits, limitName), limitName);
          try {
            return JSON.parse(text);
          } catch {
            throw new BadRequestError("body: not valid JSON (NaN and Infinity are not JSON; send finite numbers).");
          }
        },
      });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** Query-string helpers that turn a bad value into a 400 naming the parameter. */
export function queryInt(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw == null || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new BadRequestError(`${name}: expected an integer, got '${raw}'.`);
  return n;
}

export function queryNumber(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw == null || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new BadRequestError(`${name}: expected a number, got '${raw}'.`);
  return n;
}

export function queryBool(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw == null || raw === "") return undefined;
  if (raw === "true" || raw === "1") return true;
  if (raw === "false" || raw === "0") return false;
  throw new BadRequestError(`${name}: expected true or false, got '${raw}'.`);
}
