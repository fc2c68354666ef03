import { z } from "zod";
import { publicProcedure, router } from "../trpc";
import { getRunEvals } from "./read";

export const evalsRouter = router({
  byRun: publicProcedure.input(z.object({ runId: z.string() })).query(({ ctx, input }) => getRunEvals(ctx.app.db, input.runId)),
});
