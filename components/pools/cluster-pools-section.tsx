"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { PoolTypeBadge } from "./pool-type-badge";

export const POOL_STATUS_POLL_MS = 10_000;

/**
 * `/hosts`, cluster pools: each Slurm partition with its nodes (state, CPUs
 * and GPUs in use, from sinfo) and each Ray cluster's nodes and resources in use
 * (from Ray's own API) when it answers. A reader who is not signed in sees the
 * last check made for someone who is (the server runs no sinfo for them).
 * Local pools are the worker cards above. Nothing when no cluster pool is declared.
 */
export function ClusterPoolsSection() {
  const trpc = useTRPC();
  const { data } = useQuery(trpc.pools.status.queryOptions(undefined, { refetchInterval: POOL_STATUS_POLL_MS }));
  const pools = (data ?? []).filter((p) => p.type !== "local");
  if (!pools.length) return null;
  return (
    <section className="space-y-3" aria-labelledby="cluster-pools-title" data-testid="cluster-pools">
      <h2 id="cluster-pools-title" className="text-lg font-semibold text-slate-900">
        Cluster pools
      </h2>
      <div className="grid gap-4 xl:grid-cols-2">
        {pools.map((p) => (
          <article key={p.name} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm" data-testid="cluster-pool" data-pool={p.name}>
            <header className="flex flex-wrap items-center gap-2">
              <h3 className="font-mono text-base font-semibold text-slate-900">{p.name}</h3>
              <PoolTypeBadge type={p.type} />
              {p.signInToRefresh ? (
                <span className="ml-auto text-xs font-medium text-slate-500" data-testid="pool-sign-in-to-refresh">
                  sign in to see its state
                </span>
              ) : (
                <span className={`ml-auto text-xs font-medium ${p.status.reachable ? "text-emerald-700" : "text-red-700"}`}>
                  {p.status.reachable ? "reachable" : "not reachable"}
                </span>
              )}
            </header>
            <p className="mt-1 text-sm text-slate-500">
              {p.target}
              {p.description ? ` · ${p.description}` : ""}
              {p.pollIntervalMs ? ` · polled every ${p.pollIntervalMs / 1000} s` : ""}
            </p>
            {p.status.summary && <p className="mt-1 text-sm text-slate-700">{p.status.summary}</p>}
            {p.status.error && <p className="mt-2 rounded-lg bg-red-50 px-3 py-2 font-mono text-xs text-red-800">{p.status.error}</p>}
            {p.status.nodes && p.status.nodes.length > 0 && (
              <table className="mt-3 w-full text-left text-sm" data-testid="slurm-nodes">
                <thead className="text-xs text-slate-500">
                  <tr>
                    <th className="py-1 font-medium">Node</th>
                    <th className="py-1 font-medium">State</th>
                    <th className="py-1 text-right font-medium">CPUs in use</th>
                    <th className="py-1 text-right font-medium">GPUs in use</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {p.status.nodes.map((n) => (
                    <tr key={n.name}>
                      <td className="py-1 font-mono">{n.name}</td>
                      <td className="py-1">{n.state}</td>
                      <td className="py-1 text-right font-mono tabular-nums">{n.cpus}</td>
                      <td className="py-1 text-right font-mono tabular-nums">
                        {n.gpusUsed}/{n.gpus}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {p.status.resources && Object.keys(p.status.resources).length > 0 && (
              <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4" data-testid="cluster-resources">
                {Object.entries(p.status.resources).map(([name, inUse]) => (
                  <div key={name}>
                    <dt className="text-xs text-slate-500">{name} in use</dt>
                    <dd className="font-mono tabular-nums text-slate-800">{inUse}</dd>
                  </div>
                ))}
              </dl>
            )}
          </article>
        ))}
      </div>
    </section>
  );
}
