import { z } from "zod";
import { publicProcedure, router } from "../trpc";
import { readLogs } from "./service";

export const logsRouter = router({
  tail: publicProcedure
    .input(z.object({ runId: z.string(), after: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(10_000).default(1000) }))
    .query(({ ctx, input }) => readLogs(ctx.app.db, input.runId, input.after, input.limit)),
});
