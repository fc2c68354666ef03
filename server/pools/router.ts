import { z } from "zod";
import { publicProcedure, router } from "../trpc";
import { poolStatus } from "./pool-status-cache";
import { getRunJob, listPools, poolsForRecipe } from "./views";

export const poolsRouter = router({
  list: publicProcedure.query(({ ctx }) => listPools(ctx.app)),
  /** The pools a recipe may be launched on, whether each fits its resources, its own pool first. */
  forRecipe: publicProcedure.input(z.object({ recipe: z.string() })).query(({ ctx, input }) => poolsForRecipe(ctx.app, input.recipe)),
  /** Each pool's cluster: Slurm partition nodes (sinfo), Ray's version, local workers; cluster pools checked only for a signed-in reader, at most every few seconds. */
  status: publicProcedure.query(({ ctx }) => poolStatus(ctx.app, { mayRefresh: ctx.principal != null })),
  /** The run's job: pool, scheduler id and state, pending reason, nodes, the submitted job script. */
  runJob: publicProcedure.input(z.object({ runId: z.string() })).query(({ ctx, input }) => getRunJob(ctx.app, input.runId)),
});
