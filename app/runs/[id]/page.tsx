import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { RunPageView } from "@/components/run-page/run-page-view";
import { serverCaller } from "@/server/caller";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

/** The run with its project's skills and benchmarks, or a 404 for an unknown id. */
const loadRun = cache(async (id: string) => {
  try {
    return await serverCaller().runs.byId({ id });
  } catch (e) {
    if (e instanceof TRPCError && e.code === "NOT_FOUND") notFound();
    throw e;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { run } = await loadRun((await params).id);
  return { title: `${run.name} · Skillboard` };
}

export default async function RunPage({ params }: Props) {
  const data = await loadRun((await params).id);
  return <RunPageView initial={data} />;
}
