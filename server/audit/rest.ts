import { json, queryInt, restRoute } from "../http/rest";
import { listAuditEntries } from "./list";

/** GET /api/v1/audit?limit=&cursor=&action=: the audit log, newest first (admin keys only). */
export const listAuditRoute = restRoute(
  ({ app, query }) =>
    json(
      listAuditEntries(app.db, {
        limit: queryInt(query, "limit"),
        cursor: query.get("cursor") || undefined,
        action: (query.get("action") || undefined) as never,
      }),
    ),
  { roles: ["admin"] },
);
