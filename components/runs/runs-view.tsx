"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { LiveIndicator } from "@/components/common/live-indicator";
import { NoMatchingRuns } from "./no-matching-runs";
import { RunsEmptyState } from "./runs-empty-state";
import { hasNarrowingFilters, runsPageQuery, type SortKey } from "./runs-filters";
import { clickRow, EMPTY_SELECTION, pruneSelection, selectedInOrder, toggleAllVisible, type RowSelection } from "./run-selection";
import { RunsCount } from "./runs-count";
import { RunsSelectionBar } from "./runs-selection-bar";
import { RunsTable } from "./runs-table";
import { RunsToolbar } from "./runs-toolbar";
import { RunsTrashEmpty } from "./runs-trash-empty";
import { RunsTrashNotice } from "./runs-trash-notice";
import { useRunsFilters } from "./use-runs-filters";
import { useRunsPages, type RunsPage } from "./use-runs-pages";
import { useTrashRuns } from "./use-trash-runs";

/**
 * The runs page body over the whole history: the server filters, sorts and
 * pages (the first page comes rendered with the page), the table reads more
 * pages as it scrolls, and "Live" merges what changed every 2 s. The Trash
 * view lists deleted runs instead.
 */
export function RunsView({ initial, defaultProject }: { initial: { key: string; page: RunsPage }; defaultProject: string }) {
  const { filters, setFilters, clearFilters } = useRunsFilters(defaultProject);
  const data = useRunsPages(filters, initial);
  const runs = data.runs;

  const [selection, setSelection] = useState<RowSelection>(EMPTY_SELECTION);
  // A new list (other filters) starts with nothing selected; Live updates keep the selection.
  const listKey = JSON.stringify(runsPageQuery(filters));
  useEffect(() => setSelection(EMPTY_SELECTION), [listKey]);
  useEffect(() => {
    if (data.ready) setSelection((s) => pruneSelection(s, data.runs.map((r) => r.id)));
  }, [data.ready, data.runs]);
  const order = useMemo(() => runs.map((r) => r.id), [runs]);
  // Read through a ref: the row callback stays stable, so memoised rows skip re-rendering.
  const orderRef = useRef(order);
  orderRef.current = order;
  const onSelect = useCallback((id: string, range: boolean) => setSelection((s) => clickRow(s, orderRef.current, id, range)), []);
  const onSelectAll = useCallback(() => setSelection((s) => toggleAllVisible(s, orderRef.current)), []);
  const selectedIds = useMemo(() => selectedInOrder(selection, order), [selection, order]);
  const selectedRuns = useMemo(() => {
    const byId = new Map(runs.map((r) => [r.id, r]));
    return selectedIds.flatMap((id) => byId.get(id) ?? []);
  }, [runs, selectedIds]);
  const trash = useTrashRuns();
  const clearSelection = () => setSelection(EMPTY_SELECTION);
  const hiddenSelected = selectedIds.filter((id) => !order.includes(id)).length;

  const onFilterGroup = useCallback((group: string) => setFilters({ group }), [setFilters]);
  const onFilterTag = useCallback((tag: string) => setFilters({ tag }), [setFilters]);

  const onSort = (key: SortKey) =>
    setFilters(
      key === filters.sort ? { dir: filters.dir === "asc" ? "desc" : "asc" } : { sort: key, dir: key === "name" || key === "group" ? "asc" : "desc" },
    );

  const total = data.total;
  const known = total != null;
  const empty = known && total === 0;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight text-slate-900">Runs</h1>
          <RunsCount total={data.total} matched={data.matched} narrowed={hasNarrowingFilters(filters)} project={filters.project} trash={filters.trash} />
        </div>
        <LiveIndicator updatedAt={data.updatedAt} error={data.error} />
      </div>

      {known && (!empty || data.trashed > 0 || filters.trash) && (
        <RunsToolbar filters={filters} trashed={data.trashed} onChange={setFilters} onClear={clearFilters} />
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

      {!known ? (
        <div className="h-48 animate-pulse rounded-lg border border-slate-200 bg-white" />
      ) : empty && filters.trash ? (
        <RunsTrashEmpty project={filters.project} onLeave={() => setFilters({ trash: false })} />
      ) : empty ? (
        <RunsEmptyState project={filters.project} />
      ) : runs.length === 0 && data.ready ? (
        <NoMatchingRuns total={total} onClear={clearFilters} />
      ) : (
        <div className={data.ready ? undefined : "opacity-60 transition-opacity"}>
          <RunsTable
            runs={runs}
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
            hasMore={data.hasMore}
            loadingMore={data.loadingMore}
            onLoadMore={data.loadMore}
          />
        </div>
      )}
      {known && !empty && (
        <p className="text-xs text-slate-400">
          <kbd className="font-mono">j</kbd>/<kbd className="font-mono">k</kbd> move · <kbd className="font-mono">Enter</kbd> opens ·{" "}
          <kbd className="font-mono">x</kbd> or <kbd className="font-mono">Space</kbd> selects (with <kbd className="font-mono">Shift</kbd>, or shift-click: a range) ·{" "}
          <kbd className="font-mono">/</kbd> searches
        </p>
      )}
    </div>
  );
}
