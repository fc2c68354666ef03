import { evalsRouter } from "./evals/router";
import { logsRouter } from "./logs/router";
import { metricsRouter } from "./metrics/router";
import { runsRouter } from "./runs/router";
import { trajectoriesRouter } from "./trajectories/router";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  runs: runsRouter,
  metrics: metricsRouter,
  evals: evalsRouter,
  logs: logsRouter,
  trajectories: trajectoriesRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
