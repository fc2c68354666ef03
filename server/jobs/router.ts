import { z } from "zod";
import { publicProcedure, router } from "../trpc";
import { requireRunRow } from "../runs/service";
import { listRunEvents } from "./events";
import { listWorkers } from "./hosts";

export const jobsRouter = router({
  workers: publicProcedure.query(({ ctx }) => listWorkers(ctx.app.db, ctx.app.leaseMs)),
  events: publicProcedure
    .input(z.object({ runId: z.string() }))
    .query(({ ctx, input }) => listRunEvents(ctx.app.db.$client, requireRunRow(ctx.app.db, input.runId).pk)),
});
