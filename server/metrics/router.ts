import { z } from "zod";
import { publicProcedure, router } from "../trpc";
import { getRunSignature } from "../metric-mapping/read";
import { getRunSeries, listRunMetricKeys, seriesQueryInput } from "./series";

export const metricsRouter = router({
  keys: publicProcedure.input(z.object({ runId: z.string() })).query(({ ctx, input }) => listRunMetricKeys(ctx.app.db, input.runId)),
  /** Which raw keys fill the skills grid and the OOD table (Skillboard's own keys, or frameworks' keys mapped onto skills and benchmarks). */
  signature: publicProcedure.input(z.object({ runId: z.string() })).query(({ ctx, input }) => getRunSignature(ctx.app.db, input.runId)),
  series: publicProcedure
    .input(seriesQueryInput.extend({ runId: z.string() }))
    .query(({ ctx, input }) => getRunSeries(ctx.app.db, input.runId, input)),
});
