import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { readCookie, resolveSession, SESSION_COOKIE } from "./auth/sessions";
import { AppError } from "./errors";
import { getAppContext, type AppContext } from "./context";
import type { Principal } from "./auth/api-keys";
import { crossSiteRefusal } from "./auth/cross-site";

export interface TrpcContext {
  app: AppContext;
  principal: Principal | null;
  /** Why this request is refused any mutation (another site sent it), or null/absent when it is same-origin. */
  crossSite?: string | null;
}

/** The request's app context, the signed-in principal (from the session cookie), if any, and whether another site sent it. */
export function createTrpcContext(opts: { headers?: Headers } = {}): TrpcContext {
  const app = getAppContext();
  const principal = resolveSession(app.db, readCookie(opts.headers?.get("cookie"), SESSION_COOKIE));
  return { app, principal, crossSite: opts.headers ? crossSiteRefusal(opts.headers) : null };
}

const STATUS_TO_TRPC_CODE: Record<number, TRPCError["code"]> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
};

const t = initTRPC.context<TrpcContext>().create({ transformer: superjson });

/** Domain errors keep their message and map to the matching tRPC code. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: STATUS_TO_TRPC_CODE[cause.status] ?? "INTERNAL_SERVER_ERROR", message: cause.message, cause });
  }
  return result;
});

/**
 * No mutation for a request another site sent: the session cookie is SameSite=Lax,
 * yet a form on a sibling subdomain, or an older browser, could still carry it.
 */
const refuseCrossSiteMutations = t.middleware(({ ctx, type, next }) => {
  if (type === "mutation" && ctx.crossSite) throw new TRPCError({ code: "FORBIDDEN", message: ctx.crossSite });
  return next();
});

export const router = t.router;
export const publicProcedure = t.procedure.use(refuseCrossSiteMutations).use(mapDomainErrors);
/** Needs a signed-in admin: launching and canceling runs. A viewer session is refused (FORBIDDEN): it only reads. */
export const adminProcedure = publicProcedure.use(({ ctx, next }) => {
  if (ctx.principal?.role === "viewer") {
    throw new TRPCError({ code: "FORBIDDEN", message: "Signed in read-only (viewer key): sign in with an admin key to launch or cancel runs, edit runs and manage API keys." });
  }
  if (!ctx.principal || ctx.principal.role !== "admin") {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in with an admin API key to launch or cancel runs and manage API keys." });
  }
  return next({ ctx: { ...ctx, principal: ctx.principal } });
});
export const createCallerFactory = t.createCallerFactory;
