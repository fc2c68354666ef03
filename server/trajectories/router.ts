import { z } from "zod";
import { publicProcedure, router } from "../trpc";
import { getTrajectory, listTrajectories, trajectoryListInput } from "./service";

export const trajectoriesRouter = router({
  list: publicProcedure
    .input(trajectoryListInput.extend({ runId: z.string() }))
    .query(({ ctx, input }) => listTrajectories(ctx.app.db, input.runId, input)),
  byId: publicProcedure.input(z.object({ id: z.number().int() })).query(({ ctx, input }) => getTrajectory(ctx.app.db, ctx.app.blobs, input.id)),
});
