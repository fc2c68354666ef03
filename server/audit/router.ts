import { adminProcedure, router } from "../trpc";
import { listAuditEntries, listAuditInput } from "./list";

export const auditRouter = router({
  /** One page of the audit log, newest first; `cursor` is the previous page's `nextCursor`. */
  list: adminProcedure.input(listAuditInput).query(({ ctx, input }) => listAuditEntries(ctx.app.db, input)),
});
