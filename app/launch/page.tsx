import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { LaunchView } from "@/components/launch/launch-view";
import { chosenProject } from "@/components/layout/chosen-project";
import { serverCaller } from "@/server/caller";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Launch · Skillboard" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * `/launch`, or `/launch?from=<runId>` to relaunch a run with changes (its recipe and params filled in).
 * New runs go to `?project=`, else the project chosen in the header.
 */
export default async function LaunchPage({ searchParams }: Props) {
  const params = await searchParams;
  const fromId = typeof params.from === "string" ? params.from : null;
  const caller = serverCaller();
  const { recipes, projects } = await caller.launches.recipes();
  let from = null;
  let missing = false;
  if (fromId) {
    try {
      from = (await caller.runs.byId({ id: fromId })).run;
    } catch (e) {
      if (!(e instanceof TRPCError && e.code === "NOT_FOUND")) throw e;
      missing = true;
    }
  }
  return (
    <>
      {missing && (
        <p className="mb-4 rounded-lg border border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900" role="alert">
          There is no run “{fromId}” to relaunch; starting from the recipe defaults.
        </p>
      )}
      <LaunchView recipes={recipes} projects={projects} from={from} chosenProject={(typeof params.project === "string" ? params.project : await chosenProject()) || undefined} />
    </>
  );
}
