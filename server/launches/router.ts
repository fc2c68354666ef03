import { z } from "zod";
import { adminProcedure, publicProcedure, router } from "../trpc";
import { requestCancel } from "../jobs/workers";
import { listProjects } from "../projects/service";
import { recipeView } from "../recipes/view";
import { launch, launchInput } from "./service";

export const launchesRouter = router({
  recipes: publicProcedure.query(({ ctx }) => ({
    recipes: [...ctx.app.recipes.values()].map(recipeView),
    projects: listProjects(ctx.app.db).map((p) => ({ name: p.name, skills: p.skills })),
  })),
  launch: adminProcedure.input(launchInput).mutation(({ ctx, input }) => launch(ctx.app.db, ctx.app.recipes, input, ctx.app.pools)),
  cancel: adminProcedure.input(z.object({ runId: z.string() })).mutation(({ ctx, input }) => requestCancel(ctx.app.db, input.runId)),
});
