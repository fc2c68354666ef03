/**
 * The most procedure calls one tRPC batch request may hold. The server refuses a larger
 * batch (400); the browser's batch link splits its calls at the same size. Plain
 * constant, no imports: the client bundle reads it too.
 */
export const TRPC_MAX_BATCH_SIZE = 50;
