import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { TRAJECTORY_FIRST_SCREEN_TURNS } from "@/components/trajectories/first-screen";
import { TrajectoryPageView } from "@/components/trajectories/trajectory-page-view";
import { serverCaller } from "@/server/caller";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string; tid: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const notFoundOr = async <T,>(p: Promise<T>): Promise<T> => {
  try {
    return await p;
  } catch (e) {
    if (e instanceof TRPCError && e.code === "NOT_FOUND") notFound();
    throw e;
  }
};

/** The header (index row, task, verifier, metadata) and the first turns: the first screen, rendered on the server. */
const load = cache(async (runId: string, tid: string) => {
  const id = Number(tid);
  if (!Number.isInteger(id) || id < 1) notFound();
  const caller = serverCaller();
  const header = await notFoundOr(caller.trajectories.header({ id }));
  const { run } = await notFoundOr(caller.runs.byId({ id: header.index.runId }));
  const turns = await caller.trajectories.turns({ id, limit: TRAJECTORY_FIRST_SCREEN_TURNS, maxBytes: 400_000 });
  return { header, runName: run.name, turns, wrongRun: header.index.runId !== runId };
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id, tid } = await params;
  const { header } = await load(id, tid);
  return { title: `#${header.index.id} ${header.index.taskId} · Skillboard` };
}

export default async function TrajectoryPage({ params, searchParams }: Props) {
  const { id, tid } = await params;
  const data = await load(id, tid);
  if (data.wrongRun) {
    const q = new URLSearchParams(Object.entries(await searchParams).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])));
    redirect(`/runs/${encodeURIComponent(data.header.index.runId)}/trajectories/${data.header.index.id}${q.size ? `?${q}` : ""}`);
  }
  // No Suspense boundary: the first screen is in the shell, not streamed behind a reveal (a dynamic page's
  // useSearchParams needs none).
  return <TrajectoryPageView runName={data.runName} header={data.header} initialTurns={data.turns} />;
}
