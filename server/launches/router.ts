import { z } from "zod";
import { adminProcedure, publicProcedure, router } from "../trpc";
import { requestCancel } from "../jobs/workers";
import { listProjects } from "../projects/service";
import { recipeView } from "../recipes/view";
import { launch, launchInput } from "./service";
import { audited } from "../audit/record";
import { launchAudit } from "../audit/targets";

export const launchesRouter = router({
  recipes: publicProcedure.query(({ ctx }) => ({
    recipes: [...ctx.app.recipes.values()].map(recipeView),
    projects: listProjects(ctx.app.db).map((p) => ({ name: p.name, skills: p.skills })),
  })),
  launch: adminProcedure.input(launchInput).mutation(({ ctx, input }) =>
    audited(ctx.app.db, ctx.principal, "run.launch", () => launch(ctx.app.db, ctx.app.recipes, input, ctx.app.pools), (r) => launchAudit(input.recipe, r)),
  ),
  cancel: adminProcedure.input(z.object({ runId: z.string() })).mutation(({ ctx, input }) =>
    audited(ctx.app.db, ctx.principal, "run.cancel", () => requestCancel(ctx.app.db, input.runId), (r) => ({ target: input.runId, detail: { status: r.status } })),
  ),
});
