import { publicProcedure, router } from "../trpc";

export const authRouter = router({
  /** Whether this browser is signed in (and may launch). */
  me: publicProcedure.query(({ ctx }) => ({ signedIn: ctx.principal?.role === "admin" })),
});
