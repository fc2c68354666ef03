import type { Metadata } from "next";
import { Suspense } from "react";
import { CompareEmpty } from "@/components/compare/compare-empty";
import { parseCompareParams } from "@/components/compare/compare-params";
import { CompareView } from "@/components/compare/compare-view";
import { chosenProject } from "@/components/layout/chosen-project";
import { serverCaller } from "@/server/caller";
import { formatValueMode } from "@/server/compare/pick-value";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Compare · Skillboard" };

type SearchParams = Record<string, string | string[] | undefined>;

function toUrlParams(sp: SearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(sp)) for (const x of Array.isArray(v) ? v : v != null ? [v] : []) out.append(k, x);
  return out;
}

/** `/compare?runs=a,b,c` or `?group=…`: the ablation table, config diff and curves; the first table is rendered on the server. */
export default async function ComparePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = parseCompareParams(toUrlParams(await searchParams));
  const caller = serverCaller();
  if (!params.runs.length && !params.group) {
    // The groups of `?project=`, else of the project chosen in the header.
    const { groups, more } = await caller.compare.groups({ project: params.project || (await chosenProject()) || undefined });
    return (
      <div className="space-y-4">
        <h1 className="text-xl font-semibold tracking-tight text-slate-900">Compare</h1>
        <CompareEmpty groups={groups} more={more} />
      </div>
    );
  }
  const input = {
    runs: params.runs.length ? params.runs : undefined,
    group: params.group || undefined,
    project: params.project || undefined,
    value: formatValueMode(params.value),
    mergeSeeds: params.mergeSeeds,
  };
  const data = await caller.compare.table(input);
  return (
    <Suspense>
      <CompareView initial={{ key: JSON.stringify(input), data }} />
    </Suspense>
  );
}
