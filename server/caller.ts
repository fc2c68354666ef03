import { createCaller } from "./root";
import { createTrpcContext } from "./trpc";

/** tRPC caller for server components: the same read procedures the browser calls, without HTTP. */
export const serverCaller = () => createCaller(createTrpcContext());
