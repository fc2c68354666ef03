import { z } from "zod";
import { adminProcedure, publicProcedure, router } from "../trpc";
import { latestPass1ForRuns } from "../metric-mapping/read";
import { getProjectById, listProjects } from "../projects/service";
import { updateRun } from "./edit";
import { updateRunInput } from "./edit-input";
import { listRunsInput } from "./inputs";
import { listRunFilterOptions } from "./filter-options";
import { runFilterOptionsInput, runsChangesInput, runsPageInput } from "./page-input";
import { runsTableChanges, runsTablePage } from "./table";
import { countDeletedRuns, getRun, listRuns, requireRunRow } from "./service";
import { purgeRun } from "./purge";
import { deleteRun, restoreRun } from "./trash";
import { audited } from "../audit/record";
import { runAudit } from "../audit/targets";

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
  /** One page of the runs table over the whole history (sorted, filtered, keyset-paged), with counts on the first page. */
  page: publicProcedure.input(runsPageInput).query(({ ctx, input }) => runsTablePage(ctx.app.db, input)),
  /** "Live": the runs of a list updated since the last page or poll, and the ones that left it. */
  changes: publicProcedure.input(runsChangesInput).query(({ ctx, input }) => runsTableChanges(ctx.app.db, input)),
  /** The values a group, tag or status filter offers, from every run of the scope, with counts. */
  filterOptions: publicProcedure.input(runFilterOptionsInput).query(({ ctx, input }) => listRunFilterOptions(ctx.app.db, input)),
  byId: publicProcedure.input(runId).query(({ ctx, input }) => {
    const run = getRun(ctx.app.db, input.id);
    const project = getProjectById(ctx.app.db, requireRunRow(ctx.app.db, input.id).projectId)!;
    return { run, skills: project.skills, benchmarks: project.benchmarks };
  }),
  /** Renames, re-tags or annotates a run (the fields given). */
  update: adminProcedure.input(updateRunInput.extend(runId.shape)).mutation(({ ctx, input: { id, ...patch } }) =>
    audited(ctx.app.db, ctx.principal, "run.update", () => updateRun(ctx.app.db, id, patch), (run) => runAudit(run, { fields: Object.keys(patch) })),
  ),
  /** Moves a run to the trash; 409 while a launched run is queued or running. */
  remove: adminProcedure.input(runId).mutation(({ ctx, input }) => audited(ctx.app.db, ctx.principal, "run.delete", () => deleteRun(ctx.app.db, input.id), (run) => runAudit(run))),
  /** Takes a run out of the trash. */
  restore: adminProcedure.input(runId).mutation(({ ctx, input }) => audited(ctx.app.db, ctx.principal, "run.restore", () => restoreRun(ctx.app.db, input.id), (run) => runAudit(run))),
  /** Deletes a run in the trash for good (its data and unshared trajectory bodies). */
  purge: adminProcedure.input(runId).mutation(({ ctx, input }) => {
    const run = requireRunRow(ctx.app.db, input.id);
    return audited(ctx.app.db, ctx.principal, "run.purge", () => purgeRun({ db: ctx.app.db, blobs: ctx.app.blobs, dataDir: ctx.app.config.dataDir }, input.id), (r) =>
      runAudit(run, { trajectories: r.trajectories, bytesFreed: r.bytesFreed }),
    );
  }),
});
