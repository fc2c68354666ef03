import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { readCookie, resolveSession, SESSION_COOKIE } from "./auth/sessions";
import { AppError } from "./errors";
import { getAppContext } from "./context";

/** The request's app context and the signed-in principal (from the session cookie), if any. */
export function createTrpcContext(opts: { headers?: Headers } = {}) {
  const app = getAppContext();
  const principal = resolveSession(app.db, readCookie(opts.headers?.get("cookie"), SESSION_COOKIE));
  return { app, principal };
}
export type TrpcContext = ReturnType<typeof createTrpcContext>;

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

export const router = t.router;
export const publicProcedure = t.procedure.use(mapDomainErrors);
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
