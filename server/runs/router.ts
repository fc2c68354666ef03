import { z } from "zod";
import { publicProcedure, router } from "../trpc";
import { latestValuesForRuns } from "../metrics/series";
import { getProjectById, listProjects } from "../projects/service";
import { listRunsInput } from "./inputs";
import { getRun, listRuns, requireRunRow } from "./service";

export const runsRouter = router({
  /** Runs for the table, with the latest Pass@1 of each skill of their project. */
  list: publicProcedure.input(listRunsInput.default({})).query(({ ctx, input }) => {
    const runs = listRuns(ctx.app.db, input);
    const projects = listProjects(ctx.app.db);
    const skills = [...new Set(projects.flatMap((p) => p.skills))];
    const latest = latestValuesForRuns(
      ctx.app.db,
      runs.map((r) => r.id),
      skills.map((s) => `skill/${s}/pass@1`),
    );
    return { runs, skills, latestPass1: latest };
  }),
  byId: publicProcedure.input(z.object({ id: z.string() })).query(({ ctx, input }) => {
    const run = getRun(ctx.app.db, input.id);
    const project = getProjectById(ctx.app.db, requireRunRow(ctx.app.db, input.id).projectId)!;
    return { run, skills: project.skills, benchmarks: project.benchmarks };
  }),
});
