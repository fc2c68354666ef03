"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { RelativeTime } from "@/components/common/relative-time";
import { useTRPC } from "@/components/providers/trpc";
import { PoolTypeBadge } from "./pool-type-badge";

const SCHEDULER = { slurm: "Slurm job", ray: "Ray job", local: "Job" } as const;

/**
 * Where a launched run executes: its pool, the scheduler's id and state for
 * it, why it is pending (Slurm's reason, Ray's message), the nodes it runs
 * on, and the job script as submitted. Polls while the run is live; nothing
 * for a run the SDK created.
 */
export function RunJobPanel({ runId, live }: { runId: string; live: boolean }) {
  const trpc = useTRPC();
  const { data: job, refetch } = useQuery(trpc.pools.runJob.queryOptions({ runId }, { refetchInterval: live ? 2000 : false }));
  // Polling stops when the run ends: read the scheduler's final state once more then.
  useEffect(() => {
    if (!live) void refetch();
  }, [live, refetch]);
  if (!job) return null;
  const type = job.poolType ?? "local";
  const waiting = job.state === "queued" || job.state === "submitting" || job.schedulerState === "PENDING";
  return (
    <section className="rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-sm" aria-label="Job" data-testid="run-job-panel">
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_minmax(0,1fr)_auto_minmax(0,1fr)]">
        <dt className="text-slate-500">Pool</dt>
        <dd className="flex items-center gap-2" data-testid="run-job-pool">
          <span className="font-mono text-slate-900">{job.pool}</span>
          <PoolTypeBadge type={type} />
        </dd>
        <dt className="text-slate-500">{SCHEDULER[type]}</dt>
        <dd className="font-mono text-slate-900" data-testid="run-job-scheduler-id">
          {job.schedulerId ?? (type === "local" ? job.workerId ?? "—" : job.state === "submitting" ? "submitting…" : "not submitted yet")}
          {job.schedulerState && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{job.schedulerState}</span>}
        </dd>
        {job.reason && (
          <>
            <dt className="text-slate-500">{waiting ? "Pending" : "Reason"}</dt>
            <dd className={`sm:col-span-3 ${waiting ? "font-medium text-amber-800" : "text-slate-700"}`} data-testid="run-job-reason">
              {job.reason}
            </dd>
          </>
        )}
        <dt className="text-slate-500">Nodes</dt>
        <dd className="font-mono text-slate-900" data-testid="run-job-nodes">
          {job.nodes ?? "—"}
        </dd>
        <dt className="text-slate-500">Submitted</dt>
        <dd className="text-slate-700">
          {job.submittedAt ? <RelativeTime iso={job.submittedAt} /> : "—"}
          {job.attempts > 1 && <span className="ml-2 text-xs text-slate-500">attempt {job.attempts} of {job.maxAttempts}</span>}
        </dd>
      </dl>
      {job.script && (
        <details className="mt-3 border-t border-slate-100 pt-3">
          <summary className="cursor-pointer text-sm font-medium text-slate-700">{type === "ray" ? "Submitted job request" : "Job script"}</summary>
          <pre className="mt-2 max-h-80 overflow-auto rounded-lg bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100" data-testid="run-job-script">
            {job.script}
          </pre>
        </details>
      )}
    </section>
  );
}
