import { publicProcedure, router } from "../trpc";
import { taskGridInput, readTaskGrid } from "./task-grid";
import { taskGridCsv } from "./task-grid-csv";
import { readTaskTrajectories, taskTrajectoriesInput } from "./task-trajectories";
import { readTrajectoryDivergence, trajectoryDivergenceInput } from "./divergence";

export const tasksRouter = router({
  /** One page of the task × run grid: passes out of attempts per run, sorted and quick-filtered. */
  grid: publicProcedure.input(taskGridInput).query(({ ctx, input }) => readTaskGrid(ctx.app.db, input)),
  /** The whole grid under the same filters as CSV text. */
  csv: publicProcedure.input(taskGridInput.omit({ limit: true, offset: true })).query(({ ctx, input }) => taskGridCsv(ctx.app.db, input)),
  /** Each run's trajectories of one task (side by side, across steps). */
  trajectories: publicProcedure.input(taskTrajectoriesInput).query(({ ctx, input }) => readTaskTrajectories(ctx.app.db, input)),
  /** The first turn where two trajectories stop taking the same actions, over their whole bodies. */
  divergence: publicProcedure.input(trajectoryDivergenceInput).query(({ ctx, input }) => readTrajectoryDivergence(ctx.app.db, ctx.app.blobs, input)),
});
