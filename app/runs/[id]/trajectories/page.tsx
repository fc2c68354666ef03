import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { TrajectoryListView } from "@/components/trajectories/trajectory-list-view";
import { serverCaller } from "@/server/caller";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

const loadRun = cache(async (id: string) => {
  try {
    return (await serverCaller().runs.byId({ id })).run;
  } catch (e) {
    if (e instanceof TRPCError && e.code === "NOT_FOUND") notFound();
    throw e;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const run = await loadRun((await params).id);
  return { title: `Trajectories · ${run.name} · Skillboard` };
}

export default async function TrajectoriesPage({ params }: Props) {
  const run = await loadRun((await params).id);
  return <TrajectoryListView runId={run.id} runName={run.name} />;
}
