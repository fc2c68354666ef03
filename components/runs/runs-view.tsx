"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import type { AppRouter } from "@/server/root";
import type { inferRouterOutputs } from "@trpc/server";
import { LiveIndicator } from "@/components/common/live-indicator";
import { NoMatchingRuns } from "./no-matching-runs";
import { RunsEmptyState } from "./runs-empty-state";
import { RUNS_PAGE_LIMIT, filterOptions, filterRuns, sortRuns, type SortKey } from "./runs-filters";
import { clickRow, EMPTY_SELECTION, pruneSelection, selectedInOrder, toggleAllVisible, type RowSelection } from "./run-selection";
import { RunsSelectionBar } from "./runs-selection-bar";
import { RunsTable } from "./runs-table";
import { RunsToolbar } from "./runs-toolbar";
import { RunsTrashEmpty } from "./runs-trash-empty";
import { RunsTrashNotice } from "./runs-trash-notice";
import { useRunsFilters } from "./use-runs-filters";
import { useTrashRuns } from "./use-trash-runs";

type RunsList = inferRouterOutputs<AppRouter>["runs"]["list"];

/**
 * The runs page body: polls `runs.list` every 2 s, then filters, sorts and
 * shows the runs client-side so typing and sorting are instant. The Trash view
 * lists deleted runs instead.
 */
export function RunsView({ initial }: { initial: { project: string; trash: boolean; data: RunsList } }) {
  const trpc = useTRPC();
  const { filters, setFilters, clearFilters } = useRunsFilters();
  const query = useQuery(
    trpc.runs.list.queryOptions(
      { project: filters.project || undefined, limit: RUNS_PAGE_LIMIT, deleted: filters.trash ? "only" : undefined },
      {
        refetchInterval: 2000,
        placeholderData: keepPreviousData,
        initialData: filters.project === initial.project && filters.trash === initial.trash ? initial.data : undefined,
      },
    ),
  );
  const data = query.data;
  const visible = useMemo(
    () => (data ? sortRuns(filterRuns(data.runs, filters), filters.sort, filters.dir, data.latestPass1, Date.now()) : []),
    [data, filters],
  );
  const options = useMemo(() => filterOptions(data?.runs ?? []), [data]);

  const [selection, setSelection] = useState<RowSelection>(EMPTY_SELECTION);
  useEffect(() => {
    if (data) setSelection((s) => pruneSelection(s, data.runs.map((r) => r.id)));
  }, [data]);
  const order = useMemo(() => visible.map((r) => r.id), [visible]);
  // Read through a ref: the row callback stays stable, so memoised rows skip re-rendering.
  const orderRef = useRef(order);
  orderRef.current = order;
  const onSelect = useCallback((id: string, range: boolean) => setSelection((s) => clickRow(s, orderRef.current, id, range)), []);
  const onSelectAll = useCallback(() => setSelection((s) => toggleAllVisible(s, orderRef.current)), []);
  const selectedIds = useMemo(() => selectedInOrder(selection, order), [selection, order]);
  const selectedRuns = useMemo(() => {
    const byId = new Map((data?.runs ?? []).map((r) => [r.id, r]));
    return selectedIds.flatMap((id) => byId.get(id) ?? []);
  }, [data, selectedIds]);
  const trash = useTrashRuns();
  const clearSelection = () => setSelection(EMPTY_SELECTION);
  const hiddenSelected = selectedIds.filter((id) => !order.includes(id)).length;

  const onFilterGroup = useCallback((group: string) => setFilters({ group }), [setFilters]);
  const onFilterTag = useCallback((tag: string) => setFilters({ tag }), [setFilters]);

  const onSort = (key: SortKey) =>
    setFilters(
      key === filters.sort ? { dir: filters.dir === "asc" ? "desc" : "asc" } : { sort: key, dir: key === "name" || key === "group" ? "asc" : "desc" },
    );

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight text-slate-900">Runs</h1>
          <p className="text-sm text-slate-500" data-testid="runs-count">
            {data ? (visible.length === data.runs.length ? `${data.runs.length} runs` : `${visible.length} of ${data.runs.length} runs`) : "Loading…"}
            {filters.project && <> in {filters.project}</>}
            {filters.trash && <> in the trash</>}
          </p>
        </div>
        <LiveIndicator updatedAt={query.dataUpdatedAt} error={query.isError ? query.error.message : null} />
      </div>

      {data && (data.runs.length > 0 || data.trashed > 0 || filters.trash) && (
        <RunsToolbar filters={filters} options={options} trashed={data.trashed} onChange={setFilters} onClear={clearFilters} />
      )}
      <RunsSelectionBar
        selected={selectedIds}
        selectedRuns={selectedRuns}
        hidden={hiddenSelected}
        group={filters.group}
        project={filters.project}
        trash={filters.trash}
        busy={trash.busy}
        onDelete={(runs) => void trash.moveToTrash(runs).then(clearSelection)}
        onRestore={(ids) => void trash.restoreRuns(ids).then(clearSelection)}
        onPurge={(ids) => void trash.purgeRuns(ids).then(clearSelection)}
        onClear={clearSelection}
      />
      <RunsTrashNotice notice={trash.notice} busy={trash.busy} onUndo={(ids) => void trash.restoreRuns(ids)} onDismiss={trash.dismissNotice} />

      {!data ? (
        <div className="h-48 animate-pulse rounded-lg border border-slate-200 bg-white" />
      ) : data.runs.length === 0 && filters.trash ? (
        <RunsTrashEmpty project={filters.project} onLeave={() => setFilters({ trash: false })} />
      ) : data.runs.length === 0 ? (
        <RunsEmptyState project={filters.project} />
      ) : visible.length === 0 ? (
        <NoMatchingRuns total={data.runs.length} onClear={clearFilters} />
      ) : (
        <RunsTable
          runs={visible}
          skills={data.skills}
          latestPass1={data.latestPass1}
          sort={filters.sort}
          dir={filters.dir}
          onSort={onSort}
          onFilterGroup={onFilterGroup}
          onFilterTag={onFilterTag}
          selection={selection}
          onSelect={onSelect}
          onSelectAll={onSelectAll}
        />
      )}
      {data && data.runs.length > 0 && (
        <p className="text-xs text-slate-400">
          <kbd className="font-mono">j</kbd>/<kbd className="font-mono">k</kbd> move · <kbd className="font-mono">Enter</kbd> opens ·{" "}
          <kbd className="font-mono">x</kbd> or <kbd className="font-mono">Space</kbd> selects (with <kbd className="font-mono">Shift</kbd>, or shift-click: a range) ·{" "}
          <kbd className="font-mono">/</kbd> searches
        </p>
      )}
    </div>
  );
}
