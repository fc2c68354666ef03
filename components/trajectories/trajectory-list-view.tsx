"use client";

import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { passRateLabel } from "./outcome-badge";
import Link from "next/link";
import { useCallback, useMemo } from "react";
import { useTRPC } from "@/components/providers/trpc";
import type { TrajectorySortKey } from "@/server/trajectories/list-query";
import { formatCount } from "./format";
import { hasFilters, toQueryInput } from "./list-params";
import { TrajectoryFilters } from "./trajectory-filters";
import { TrajectoryTable } from "./trajectory-table";
import { useDebounced } from "@/components/common/use-debounced";
import { useListParams } from "./use-list-params";

const PAGE = 500;

/** `/runs/[id]/trajectories`: counts per skill, filters, and the virtualised, sortable list. */
export function TrajectoryListView({ runId, runName }: { runId: string; runName: string }) {
  const trpc = useTRPC();
  const { params, setParams, clearFilters } = useListParams();
  const input = useDebounced(useMemo(() => toQueryInput(params), [params]));
  const { sort, dir, ...filters } = input;

  const summary = useQuery({ ...trpc.trajectories.summary.queryOptions({ runId, ...filters }), placeholderData: keepPreviousData });
  const list = useInfiniteQuery({
    ...trpc.trajectories.list.infiniteQueryOptions({ runId, ...input, limit: PAGE }, { getNextPageParam: (p) => p.nextCursor ?? undefined }),
    placeholderData: keepPreviousData,
  });
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.trajectories) ?? [], [list.data]);
  const { fetchNextPage, hasNextPage, isFetchingNextPage } = list;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);

  const onSort = useCallback(
    (key: TrajectorySortKey) =>
      setParams(key === params.sort ? { dir: params.dir === "asc" ? "desc" : "asc" } : { sort: key, dir: key === "id" ? "asc" : "desc" }),
    [params.sort, params.dir, setParams],
  );

  const s = summary.data;
  const allSkills = s ? s.bySkill.reduce((a, b) => a + b.count, 0) : null;
  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <nav aria-label="Breadcrumb" className="text-xs text-slate-500">
            <Link href="/" className="hover:text-slate-800">
              Runs
            </Link>
            <span className="mx-1.5 text-slate-300">/</span>
            <Link href={`/runs/${encodeURIComponent(runId)}`} className="hover:text-slate-800">
              {runName}
            </Link>
          </nav>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Trajectories</h1>
        </div>
        <p className="text-sm text-slate-500" data-testid="trajectory-count" aria-live="polite">
          {s ? (
            <>
              <span className="font-semibold text-slate-900 tabular-nums">{formatCount(s.total)}</span> {s.total === 1 ? "trajectory" : "trajectories"}
              {s.total > 0 && (
                <>
                  {" · "}
                  <span className="text-emerald-700 tabular-nums">{passRateLabel(s.passed, s.known)}</span>
                  {s.stepMin != null && ` · steps ${s.stepMin}–${s.stepMax}`}
                </>
              )}
            </>
          ) : (
            "Counting…"
          )}
        </p>
      </header>

      <TrajectoryFilters params={params} bySkill={s?.bySkill ?? []} allSkillsCount={allSkills} onChange={setParams} onClear={clearFilters} />

      {list.error ? (
        <p className="rounded-lg border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-800">{list.error.message}</p>
      ) : list.isPending ? (
        <p className="rounded-lg border border-slate-200 bg-white px-4 py-6 text-sm text-slate-500">Loading trajectories…</p>
      ) : rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-200 bg-white px-4 py-6 text-sm text-slate-500" data-testid="trajectories-empty">
          {hasFilters(params) ? (
            <>
              No trajectories match these filters.{" "}
              <button type="button" onClick={clearFilters} className="text-indigo-700 hover:underline">
                Clear filters
              </button>
            </>
          ) : (
            <>
              This run has no trajectories yet: log them from the trainer, or{" "}
              <Link href={`/runs/${encodeURIComponent(runId)}#trajectories`} className="text-indigo-700 hover:underline">
                import agent logs on the run page
              </Link>
              .
            </>
          )}
        </p>
      ) : (
        <TrajectoryTable runId={runId} rows={rows} params={params} hasMore={!!hasNextPage} loadingMore={isFetchingNextPage} onLoadMore={loadMore} onSort={onSort} />
      )}
      <p className="text-xs text-slate-400">
        <kbd className="font-mono">j</kbd>/<kbd className="font-mono">k</kbd> move · <kbd className="font-mono">Enter</kbd> open ·{" "}
        <kbd className="font-mono">g</kbd> GRPO group · <kbd className="font-mono">/</kbd> task search
      </p>
    </div>
  );
}
