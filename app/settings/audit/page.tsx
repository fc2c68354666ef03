import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditLogView } from "@/components/settings/audit-log-view";

export const metadata: Metadata = { title: "Audit log · Skillboard" };

/** `/settings/audit?action=run.purge`: who did what admins can do, newest first; loads in the browser once signed in as an admin. */
export default function AuditLogPage() {
  return (
    <Suspense>
      <AuditLogView />
    </Suspense>
  );
}
