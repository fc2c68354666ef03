import { z } from "zod";
import { publicProcedure, router } from "../trpc";
import { getRunSeries, listRunMetricKeys, seriesQueryInput } from "./series";

export const metricsRouter = router({
  keys: publicProcedure.input(z.object({ runId: z.string() })).query(({ ctx, input }) => listRunMetricKeys(ctx.app.db, input.runId)),
  series: publicProcedure
    .input(seriesQueryInput.extend({ runId: z.string() }))
    .query(({ ctx, input }) => getRunSeries(ctx.app.db, input.runId, input)),
});
