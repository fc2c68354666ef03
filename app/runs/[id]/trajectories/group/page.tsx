import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { GroupView } from "@/components/trajectories/group-view";
import { serverCaller } from "@/server/caller";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "GRPO group · Skillboard" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** `/runs/[id]/trajectories/group?step=N&groupKey=K` (or `&taskId=T` for samples without a group key). */
export default async function GroupPage({ params, searchParams }: Props) {
  const { id } = await params;
  const q = await searchParams;
  const one = (v: string | string[] | undefined) => (typeof v === "string" && v ? v : null);
  const step = Number(one(q.step));
  const groupKey = one(q.groupKey);
  const taskId = one(q.taskId);
  if (!Number.isInteger(step) || step < 0 || (!groupKey && !taskId)) notFound();
  let runName: string;
  try {
    runName = (await serverCaller().runs.byId({ id })).run.name;
  } catch (e) {
    if (e instanceof TRPCError && e.code === "NOT_FOUND") notFound();
    throw e;
  }
  let group = null;
  let error: string | null = null;
  try {
    group = await serverCaller().trajectories.group({ runId: id, step, groupKey: groupKey ?? undefined, taskId: taskId ?? undefined });
  } catch (e) {
    if (!(e instanceof TRPCError && e.code === "BAD_REQUEST")) throw e;
    error = e.message;
  }
  return <GroupView runId={id} runName={runName} step={step} groupKey={groupKey} taskId={taskId} group={group} error={error} />;
}
