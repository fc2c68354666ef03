import { Suspense } from "react";
import { chosenProject } from "@/components/layout/chosen-project";
import { parseRunsFilters, runsPageQuery } from "@/components/runs/runs-filters";
import { RunsView } from "@/components/runs/runs-view";
import { serverCaller } from "@/server/caller";

export const dynamic = "force-dynamic";

type SearchParams = Record<string, string | string[] | undefined>;

function toUrlParams(sp: SearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(sp)) for (const x of Array.isArray(v) ? v : v != null ? [v] : []) out.append(k, x);
  return out;
}

/**
 * `/`: the runs of the chosen project (the header's, or `?project=`), live
 * (`?trash=1`: the deleted ones). The first page is rendered on the server;
 * the browser reads more pages as the table scrolls and polls for changes.
 */
export default async function RunsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const defaultProject = await chosenProject();
  const filters = parseRunsFilters(toUrlParams(await searchParams), defaultProject);
  const input = runsPageQuery(filters);
  const page = await serverCaller().runs.page(input);
  return (
    <Suspense>
      <RunsView initial={{ key: JSON.stringify(input), page }} defaultProject={defaultProject} />
    </Suspense>
  );
}
