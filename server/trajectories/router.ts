import { z } from "zod";
import { publicProcedure, router } from "../trpc";
import { readTrajectoryGroup, trajectoryGroupInput } from "./group-view";
import { listTrajectories, summarizeTrajectories, trajectoryFilterInput, trajectoryListInput, trajectoryNeighbors, trajectoryNeighborsInput } from "./list-query";
import { getTrajectory } from "./service";
import { readTrajectoryHeader, readTurnPage, turnPageInput } from "./turn-pages";

const runId = z.object({ runId: z.string() });

export const trajectoriesRouter = router({
  /** A page of a run's trajectory index: filtered, sorted, keyset-paged. */
  list: publicProcedure
    .input(trajectoryListInput.extend(runId.shape))
    .query(({ ctx, input }) => listTrajectories(ctx.app.db, input.runId, input)),
  /** Counts under the filters: total, passed, per skill. */
  summary: publicProcedure
    .input(trajectoryFilterInput.extend(runId.shape))
    .query(({ ctx, input }) => summarizeTrajectories(ctx.app.db, input.runId, input)),
  /** The previous and next trajectory in a list order (for n/p on the trajectory page). */
  neighbors: publicProcedure.input(trajectoryNeighborsInput).query(({ ctx, input }) => trajectoryNeighbors(ctx.app.db, input)),
  /** Everything but the turns, clipped: index row, task text, verifier, metadata. */
  header: publicProcedure
    .input(z.object({ id: z.number().int() }))
    .query(({ ctx, input }) => readTrajectoryHeader(ctx.app.db, ctx.app.blobs, input.id)),
  /** A page of turns, bounded in count and bytes, long strings clipped. */
  turns: publicProcedure.input(turnPageInput).query(({ ctx, input }) => readTurnPage(ctx.app.db, ctx.app.blobs, input)),
  /** The G samples of one GRPO group side by side. */
  group: publicProcedure.input(trajectoryGroupInput).query(({ ctx, input }) => readTrajectoryGroup(ctx.app.db, ctx.app.blobs, input)),
  /** The whole body; for small trajectories (the pages use `header` and `turns`). */
  byId: publicProcedure.input(z.object({ id: z.number().int() })).query(({ ctx, input }) => getTrajectory(ctx.app.db, ctx.app.blobs, input.id)),
});
