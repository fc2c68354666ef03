import { publicProcedure, router } from "../trpc";
import { openReadsWarning } from "./exposure";

export const deploymentRouter = router({
  /** `openReadsWarning`: the dashboard shows it as a banner while the server binds beyond loopback with reads open. */
  exposure: publicProcedure.query(({ ctx }) => ({ openReadsWarning: openReadsWarning(ctx.app.config) })),
});
