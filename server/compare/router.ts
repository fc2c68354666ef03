import { z } from "zod";
import { publicProcedure, router } from "../trpc";
import { listCompareGroups } from "./groups";
import { encodeLineCurves } from "./line-codec";
import { compareLines, loadLineCurves } from "./line-curves";
import { loadCompareCurves, loadCompareTable, MAX_COMPARED_RUNS } from "./load";
import { parseValueMode } from "./pick-value";

const name = z.string().min(1).max(500);

export const compareTargetInput = z.object({
  runs: z.array(name).max(MAX_COMPARED_RUNS).optional(),
  group: name.optional(),
  project: name.optional(),
});

export const compareRouter = router({
  /** The comparison table for runs and/or a group: rows per run or configuration, columns per skill and benchmark. */
  table: publicProcedure
    .input(
      compareTargetInput.extend({
        /** `final`, `best` or `step:N`. */
        value: z.string().max(40).default("final"),
        mergeSeeds: z.boolean().default(true),
      }),
    )
    .query(({ ctx, input }) => loadCompareTable(ctx.app.db, input, parseValueMode(input.value), input.mergeSeeds)),

  /** Pass@1 per skill and Avg@k per benchmark of each run, for the overlaid charts. */
  curves: publicProcedure
    .input(
      z.object({
        runIds: z.array(name).min(1).max(MAX_COMPARED_RUNS),
        skills: z.array(name).max(200),
        benchmarks: z.array(name).max(200),
      }),
    )
    .query(({ ctx, input }) => loadCompareCurves(ctx.app.db, input.runIds, input.skills, input.benchmarks)),

  /**
   * The charts' lines folded on the server, for the same runs as `table`: one
   * line per configuration (its seeds folded into mean, min–max and std per
   * step) or per run, each skill's Pass@1 and each benchmark's Avg@k,
   * down-sampled to the line's share of the chart. The runs are named by the
   * comparison's target, so the request stays short for hundreds of runs; the
   * answer is JSON text (`decodeLineCurves` reads it), see line-codec.ts.
   */
  lineCurves: publicProcedure
    .input(
      compareTargetInput.extend({
        lines: z.enum(["configurations", "runs"]),
        skills: z.array(name).max(200),
        benchmarks: z.array(name).max(200),
      }),
    )
    .query(({ ctx, input }) => encodeLineCurves(loadLineCurves(ctx.app.db, compareLines(ctx.app.db, input, input.lines), input.skills, input.benchmarks))),

  /** The groups with the newest runs, with their run counts: what the empty compare page offers. */
  groups: publicProcedure.input(z.object({ project: name.optional() }).default({})).query(({ ctx, input }) => listCompareGroups(ctx.app.db, input.project)),
});
