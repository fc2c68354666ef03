import { auditRouter } from "./audit/router";
import { authRouter } from "./auth/router";
import { compareRouter } from "./compare/router";
import { deploymentRouter } from "./deployment/router";
import { evalsRouter } from "./evals/router";
import { jobsRouter } from "./jobs/router";
import { launchesRouter } from "./launches/router";
import { logsRouter } from "./logs/router";
import { metricsRouter } from "./metrics/router";
import { poolsRouter } from "./pools/router";
import { projectsRouter } from "./projects/router";
import { runsRouter } from "./runs/router";
import { tasksRouter } from "./tasks/router";
import { trajectoriesRouter } from "./trajectories/router";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  runs: runsRouter,
  metrics: metricsRouter,
  evals: evalsRouter,
  compare: compareRouter,
  logs: logsRouter,
  trajectories: trajectoriesRouter,
  launches: launchesRouter,
  jobs: jobsRouter,
  pools: poolsRouter,
  auth: authRouter,
  audit: auditRouter,
  projects: projectsRouter,
  tasks: tasksRouter,
  deployment: deploymentRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
