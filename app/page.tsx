import { Suspense } from "react";
import { RUNS_PAGE_LIMIT } from "@/components/runs/runs-filters";
import { RunsView } from "@/components/runs/runs-view";
import { serverCaller } from "@/server/caller";

export const dynamic = "force-dynamic";

/** `/`: every run, live (`?trash=1`: the deleted ones). The first list is rendered on the server; the browser then polls. */
export default async function RunsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const project = typeof params.project === "string" ? params.project : "";
  const trash = params.trash === "1";
  const data = await serverCaller().runs.list({ project: project || undefined, limit: RUNS_PAGE_LIMIT, deleted: trash ? "only" : undefined });
  return (
    <Suspense>
      <RunsView initial={{ project, trash, data }} />
    </Suspense>
  );
}
