import { z } from "zod";
import { publicProcedure, router } from "../trpc";
import { readLogPage } from "./page";
import { searchLogs } from "./search";
import { DEFAULT_LOG_READ_BYTES, MAX_LOG_READ_BYTES, readLogs } from "./service";

const seq = z.number().int().min(0);

export const logsRouter = router({
  tail: publicProcedure
    .input(
      z.object({
        runId: z.string(),
        after: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(10_000).default(1000),
        maxBytes: z.number().int().min(1).max(MAX_LOG_READ_BYTES).default(DEFAULT_LOG_READ_BYTES),
      }),
    )
    .query(({ ctx, input }) => readLogs(ctx.app.db, input.runId, input.after, input.limit, input.maxBytes)),
  /** A page of the log: the end (no bound), older than `before`, or newer than `after`; capped by chunks and characters. */
  page: publicProcedure
    .input(
      z.object({
        runId: z.string(),
        before: seq.optional(),
        after: seq.optional(),
        limit: z.number().int().min(1).max(5000).default(500),
        maxChars: z.number().int().min(1024).max(4 << 20).default(512 << 10),
      }),
    )
    .query(({ ctx, input }) => readLogPage(ctx.app.db, input.runId, input)),
  /** Lines containing `query` (case-insensitive), oldest first, found on the server so a huge log is never downloaded. */
  search: publicProcedure
    .input(z.object({ runId: z.string(), query: z.string().min(1).max(500), limit: z.number().int().min(1).max(5000).default(1000) }))
    .query(({ ctx, input }) => searchLogs(ctx.app.db, input.runId, input.query, input.limit)),
});
