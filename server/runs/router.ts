import { z } from "zod";
import { adminProcedure, publicProcedure, router } from "../trpc";
import { latestPass1ForRuns } from "../metric-mapping/read";
import { getProjectById, listProjects } from "../projects/service";
import { updateRun } from "./edit";
import { updateRunInput } from "./edit-input";
import { listRunsInput } from "./inputs";
import { countDeletedRuns, getRun, listRuns, requireRunRow } from "./service";
import { purgeRun } from "./purge";
import { deleteRun, restoreRun } from "./trash";

const runId = z.object({ id: z.string().min(1) });

export const runsRouter = router({
  /**
   * Runs for the table, with the latest Pass@1 of each skill of their project,
   * and how many runs (of the project) are in the trash.
   */
  list: publicProcedure.input(listRunsInput.default({})).query(({ ctx, input }) => {
    const runs = listRuns(ctx.app.db, input);
    const projects = listProjects(ctx.app.db);
    const skills = [...new Set(projects.flatMap((p) => p.skills))];
    // Skillboard's `skill/<s>/pass@1`, or a framework's key the metric mapping reads as it.
    const latest = latestPass1ForRuns(ctx.app.db, runs, skills);
    return { runs, skills, latestPass1: latest, trashed: countDeletedRuns(ctx.app.db, input.project) };
  }),
  byId: publicProcedure.input(runId).query(({ ctx, input }) => {
    const run = getRun(ctx.app.db, input.id);
    const project = getProjectById(ctx.app.db, requireRunRow(ctx.app.db, input.id).projectId)!;
    return { run, skills: project.skills, benchmarks: project.benchmarks };
  }),
  /** Renames, re-tags or annotates a run (the fields given). */
  update: adminProcedure.input(updateRunInput.extend(runId.shape)).mutation(({ ctx, input: { id, ...patch } }) => updateRun(ctx.app.db, id, patch)),
  /** Moves a run to the trash; 409 while a launched run is queued or running. */
  remove: adminProcedure.input(runId).mutation(({ ctx, input }) => deleteRun(ctx.app.db, input.id)),
  /** Takes a run out of the trash. */
  restore: adminProcedure.input(runId).mutation(({ ctx, input }) => restoreRun(ctx.app.db, input.id)),
  /** Deletes a run in the trash for good (its data and unshared trajectory bodies). */
  purge: adminProcedure.input(runId).mutation(({ ctx, input }) => purgeRun({ db: ctx.app.db, blobs: ctx.app.blobs, dataDir: ctx.app.config.dataDir }, input.id)),
});
