"use client";

import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import { LiveIndicator } from "@/components/common/live-indicator";
import { useTRPC } from "@/components/providers/trpc";
import type { AppRouter } from "@/server/root";
import { ClusterPoolsSection } from "@/components/pools/cluster-pools-section";
import { AddHostHelp } from "./add-host-help";
import { WorkerCard } from "./worker-card";

type Workers = inferRouterOutputs<AppRouter>["jobs"]["workers"];

export const HOSTS_POLL_MS = 3000;
const ORDER = { unresponsive: 0, active: 1, stopped: 2 } as const;

/** `/hosts`: every worker agent, live; stopped ones folded away. */
export function HostsView({ initial }: { initial: Workers }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.jobs.workers.queryOptions(undefined, { initialData: initial, refetchInterval: HOSTS_POLL_MS }));
  const workers = query.data ?? initial;
  const [showStopped, setShowStopped] = useState(false);
  const current = workers.filter((w) => w.state !== "stopped").sort((a, b) => ORDER[a.state] - ORDER[b.state]);
  const stopped = workers.filter((w) => w.state === "stopped").sort((a, b) => b.lastSeenAt - a.lastSeenAt);
  const gpus = current.reduce((n, w) => n + w.gpus.length, 0);
  const busy = current.reduce((n, w) => n + w.runs.length, 0);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Hosts</h1>
          <p className="text-sm text-slate-500" data-testid="hosts-summary">
            {current.length} worker{current.length === 1 ? "" : "s"} · {gpus} GPU{gpus === 1 ? "" : "s"} · {busy} run{busy === 1 ? "" : "s"} in progress
          </p>
        </div>
        <LiveIndicator updatedAt={query.dataUpdatedAt} error={query.isError ? query.error.message : null} />
      </div>

      {current.length === 0 ? (
        <section className="rounded-xl border border-dashed border-slate-300 bg-white px-8 py-10" data-testid="hosts-empty-state">
          <div className="mx-auto max-w-5xl space-y-3">
            <h2 className="text-lg font-semibold text-slate-900">No workers are running</h2>
            <p className="text-sm text-slate-600">
              Launched runs wait in the queue until a worker leases them. <code className="rounded bg-slate-100 px-1 font-mono text-[12px]">bin/skillboard up</code> starts
              one on this machine; to add a GPU host:
            </p>
            <AddHostHelp />
          </div>
        </section>
      ) : (
        <div className="grid gap-4 xl:grid-cols-2" data-testid="worker-list">
          {current.map((w) => (
            <WorkerCard key={w.id} worker={w} />
          ))}
        </div>
      )}

      <ClusterPoolsSection />

      {stopped.length > 0 && (
        <section>
          <button type="button" onClick={() => setShowStopped((s) => !s)} aria-expanded={showStopped} className="flex items-center gap-2 text-sm font-medium text-slate-600 hover:text-slate-900">
            <span className={`text-[10px] text-slate-400 transition-transform ${showStopped ? "rotate-90" : ""}`}>▶</span>
            {stopped.length} stopped worker{stopped.length === 1 ? "" : "s"}
          </button>
          {showStopped && (
            <div className="mt-3 grid gap-4 xl:grid-cols-2">
              {stopped.map((w) => (
                <WorkerCard key={w.id} worker={w} />
              ))}
            </div>
          )}
        </section>
      )}

      {current.length > 0 && (
        <details className="rounded-xl border border-slate-200 bg-white px-5 py-3 shadow-sm">
          <summary className="cursor-pointer text-sm font-semibold text-slate-900">Add a GPU host</summary>
          <div className="mt-3">
            <AddHostHelp />
          </div>
        </details>
      )}
    </div>
  );
}
