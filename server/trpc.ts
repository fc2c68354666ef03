import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { AppError } from "./errors";
import { getAppContext } from "./context";

export function createTrpcContext() {
  return { app: getAppContext() };
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
export const createCallerFactory = t.createCallerFactory;
