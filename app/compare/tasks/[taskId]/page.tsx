import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TaskSideBySide } from "@/components/tasks/task-side-by-side";
import { serverCaller } from "@/server/caller";

export const dynamic = "force-dynamic";

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

type Props = { params: Promise<{ taskId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${decode((await params).taskId)} · Tasks · Skillboard` };
}

/** `/compare/tasks/<taskId>?runs=A,B`: the two runs' trajectories of one task side by side (one run: across its steps). */
export default async function TaskComparePage({ params, searchParams }: Props) {
  const taskId = decode((await params).taskId);
  const raw = (await searchParams).runs;
  const runIds = [...new Set((Array.isArray(raw) ? raw.join(",") : raw ?? "").split(",").map((s) => s.trim()).filter(Boolean))].slice(0, 2);
  if (!runIds.length) notFound();
  try {
    const sides = await serverCaller().tasks.trajectories({ taskId, runIds });
    return <TaskSideBySide key={`${taskId} ${runIds.join(",")}`} taskId={taskId} sides={sides} />;
  } catch (e) {
    if (e instanceof TRPCError && e.code === "NOT_FOUND") notFound();
    throw e;
  }
}
