import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getAppContext } from "../context";
import { appRouter } from "../root";
import { createTrpcContext } from "../trpc";
import { TRPC_MAX_BATCH_SIZE } from "../trpc-batch-limit";
import { bodyLimit, readBodyText } from "./body-limit";
import { errorResponse } from "./rest";

/**
 * `/api/trpc/*`: tRPC over fetch, with a batch size limit and the JSON byte
 * limit on the body of a mutation (counted as it arrives, like REST's).
 */
export async function handleTrpcRequest(req: Request): Promise<Response> {
  let request = req;
  if (req.method !== "GET" && req.method !== "HEAD") {
    let body: string;
    try {
      body = await readBodyText(req, bodyLimit(getAppContext().config.bodyLimits, "json"), "json");
    } catch (error) {
      return errorResponse(error);
    }
    request = new Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal });
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    maxBatchSize: TRPC_MAX_BATCH_SIZE,
    createContext: () => createTrpcContext({ headers: req.headers }),
  });
}
