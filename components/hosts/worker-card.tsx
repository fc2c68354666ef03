"use client";

import Link from "next/link";
import { TagList } from "@/components/common/tag-list";
import { useNow } from "@/components/common/use-now";
import { formatExactTime, formatRelativeTime } from "@/components/format/time";
import { RunStatusBadge } from "@/components/runs/run-status-badge";
import type { RunStatus } from "@/components/runs/run-status";
import type { WorkerView } from "@/server/jobs/hosts";
import { GpuList } from "./gpu-list";
import { WorkerStateBadge } from "./worker-state-badge";

const iso = (ms: number) => new Date(ms).toISOString();

/** One worker agent: host, pool, state and last heartbeat, its GPUs, and the runs it holds. */
export function WorkerCard({ worker }: { worker: WorkerView }) {
  const now = useNow(1000);
  const heartbeat = formatRelativeTime(iso(worker.lastSeenAt), now);
  const unresponsive = worker.state === "unresponsive";
  const stopped = worker.state === "stopped";
  return (
    <article
      className={`rounded-xl border bg-white p-5 shadow-sm ${unresponsive ? "border-red-300 ring-1 ring-red-200" : "border-slate-200"} ${stopped ? "opacity-70" : ""}`}
      data-testid="worker-card"
      data-worker-id={worker.id}
    >
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h2 className="truncate text-lg font-semibold text-slate-900" data-testid="worker-host">
              {worker.host}
            </h2>
            <WorkerStateBadge state={worker.state} />
            <span className="rounded-md bg-indigo-50 px-1.5 py-0.5 text-[11px] font-medium text-indigo-700 ring-1 ring-inset ring-indigo-200" title="Pool">
              pool {worker.pool}
            </span>
          </div>
          <p className="mt-0.5 font-mono text-xs text-slate-400">{worker.id}</p>
        </div>
        <div className="text-right text-sm">
          <p className={unresponsive ? "font-medium text-red-700" : "text-slate-600"} title={formatExactTime(iso(worker.lastSeenAt))} suppressHydrationWarning>
            {stopped ? "stopped" : "last heartbeat"} {heartbeat}
          </p>
          <p className="text-xs text-slate-400" suppressHydrationWarning>
            started {formatRelativeTime(iso(worker.startedAt), now)}
          </p>
        </div>
      </header>

      {unresponsive && (
        <p className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" role="alert">
          No heartbeat for {heartbeat.replace(/ ago$/, "")}: the host or its agent may be down. Its runs become lost (or are queued again) once their leases expire.
        </p>
      )}

      <div className="mt-4 space-y-4">
        <GpuList gpus={worker.gpus} />
        <div>
          <h3 className="text-xs font-medium uppercase tracking-wide text-slate-400">
            Runs <span className="normal-case tracking-normal">· {worker.runs.length} of {worker.maxJobs} slot{worker.maxJobs === 1 ? "" : "s"} in use</span>
          </h3>
          {worker.runs.length ? (
            <ul className="mt-1.5 divide-y divide-slate-100" data-testid="worker-runs">
              {worker.runs.map((r) => (
                <li key={r.id} className="flex items-center justify-between gap-3 py-1.5">
                  <Link href={`/runs/${r.id}`} className="truncate text-sm font-medium text-slate-800 hover:text-indigo-700 hover:underline">
                    {r.name}
                  </Link>
                  <span className="flex items-center gap-2">
                    <span className="font-mono text-xs text-slate-400">{r.id}</span>
                    <RunStatusBadge status={r.status as RunStatus} />
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-1 text-sm text-slate-500">{stopped ? "—" : "Idle: waiting for jobs."}</p>
          )}
        </div>
        {worker.labels.length > 0 && (
          <div className="flex items-center gap-2 text-xs">
            <span className="text-slate-400">Labels</span>
            <TagList tags={worker.labels} />
          </div>
        )}
      </div>
    </article>
  );
}
