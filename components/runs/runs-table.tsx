"use client";

import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from "react";
import type { RunView } from "@/server/runs/service";
import { RunRow } from "./run-row";
import type { RowSelection } from "./run-selection";
import type { SortKey } from "./runs-filters";
import { SortableHeader } from "./sortable-header";

interface Props {
  runs: RunView[];
  skills: string[];
  latestPass1: Record<string, Record<string, number>>;
  sort: SortKey;
  dir: "asc" | "desc";
  onSort: (key: SortKey) => void;
  onFilterGroup: (group: string) => void;
  onFilterTag: (tag: string) => void;
  selection: RowSelection;
  onSelect: (id: string, range: boolean) => void;
  onSelectAll: () => void;
  /** More runs match than are loaded: the next page is read as the end of the table comes near. */
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
}

/** Estimated row height (two lines: name and id); rows are measured as they render. */
const ROW_HEIGHT = 53;
/** Rows rendered on the server before the browser measures its window. */
const SSR_RECT = { width: 1280, height: 1000 };

/**
 * Column widths are fixed (table-layout: fixed), so no cell's text can run into
 * the next column: long names, groups and tags are cut with an ellipsis and
 * shown whole in their tooltip. Name takes the width left over.
 */
const COLUMNS = { select: "2.25rem", status: "7.5rem", group: "11rem", tags: "13rem", created: "7rem", duration: "6.5rem", skill: "5.75rem" };
const NAME_MIN_REM = 14;

const isTyping = (el: Element | null) =>
  !!el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || (el as HTMLElement).isContentEditable);

/**
 * The runs table over pages of any number of runs: only the rows near the
 * viewport are in the DOM (the page scrolls, the table is virtualised), and
 * the next page loads as the end comes near. Rows form one tab stop (roving
 * tabindex): j/k or ↓/↑ move, Home/End jump, Enter opens, Space or x selects
 * (with Shift: the range from the last selected row); j/k from anywhere
 * outside a text field enter the table.
 */
export function RunsTable({ runs, skills, latestPass1, sort, dir, onSort, onFilterGroup, onFilterTag, selection, onSelect, onSelectAll, hasMore, loadingMore, onLoadMore }: Props) {
  const router = useRouter();
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [pendingFocus, setPendingFocus] = useState<string | null>(null);
  const focusedIndex = Math.max(0, runs.findIndex((r) => r.id === focusedId));

  const [scrollMargin, setScrollMargin] = useState(0);
  useEffect(() => {
    const measure = () => setScrollMargin(bodyRef.current ? bodyRef.current.getBoundingClientRect().top + window.scrollY : 0);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);
  const virtualizer = useWindowVirtualizer({
    count: runs.length,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin,
    initialRect: SSR_RECT,
    getItemKey: (i) => runs[i].id,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1].index : -1;
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= runs.length - 30) onLoadMore();
  }, [hasMore, loadingMore, lastIndex, runs.length, onLoadMore]);

  // Focus a row once it is rendered (it may first have to scroll into the window).
  useEffect(() => {
    if (!pendingFocus) return;
    const row = bodyRef.current?.querySelector<HTMLTableRowElement>(`tr[data-run-id="${CSS.escape(pendingFocus)}"]`);
    if (row) {
      row.focus({ preventScroll: true });
      setPendingFocus(null);
    }
  });

  const focusRow = useCallback(
    (index: number) => {
      if (!runs.length) return;
      const i = Math.min(Math.max(index, 0), runs.length - 1);
      setFocusedId(runs[i].id);
      setPendingFocus(runs[i].id);
      virtualizer.scrollToIndex(i, { align: "auto" });
    },
    [runs, virtualizer],
  );

  const open = useCallback((id: string) => router.push(`/runs/${id}`), [router]);

  // Read through a ref so the row handlers stay stable and memoised rows skip re-rendering.
  const runsRef = useRef(runs);
  runsRef.current = runs;
  const onRowKeyDown = useCallback(
    (index: number, e: KeyboardEvent<HTMLTableRowElement>) => {
      if (e.metaKey || e.ctrlKey || e.altKey || e.target !== e.currentTarget) return;
      const last = runsRef.current.length - 1;
      const moves: Record<string, number> = { j: index + 1, ArrowDown: index + 1, k: index - 1, ArrowUp: index - 1, Home: 0, End: last };
      if (e.key in moves) {
        e.preventDefault();
        focusRow(moves[e.key]);
      } else if (e.key === "Enter") {
        e.preventDefault();
        open(runsRef.current[index].id);
      } else if (e.key === " " || e.key === "x" || e.key === "X") {
        e.preventDefault();
        onSelect(runsRef.current[index].id, e.shiftKey);
      }
    },
    [focusRow, open, onSelect],
  );

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || isTyping(document.activeElement)) return;
      if (bodyRef.current?.contains(document.activeElement)) return;
      if (e.key === "j" || e.key === "k") {
        e.preventDefault();
        focusRow(focusedIndex);
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [focusRow, focusedIndex]);

  const header = (key: SortKey, label: string, align?: "left" | "right", title?: string) => (
    <SortableHeader sortKey={key} current={sort} dir={dir} onSort={onSort} align={align} title={title} rowSpan={skills.length > 0 ? 2 : undefined}>
      {label}
    </SortableHeader>
  );

  const selectedVisible = runs.filter((r) => selection.selected.has(r.id)).length;
  const paddingTop = items.length ? items[0].start - virtualizer.options.scrollMargin : 0;
  const paddingBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  const fixedRem = 2.25 + 7.5 + 11 + 13 + 7 + 6.5 + 5.75 * skills.length;
  const colSpan = 7 + skills.length;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table
        className="w-full table-fixed border-collapse text-sm"
        style={{ minWidth: `${fixedRem + NAME_MIN_REM}rem` }}
        data-testid="runs-table"
        aria-label="Runs"
        aria-rowcount={runs.length + (skills.length > 0 ? 2 : 1)}
      >
        <colgroup>
          <col style={{ width: COLUMNS.select }} />
          <col />
          <col style={{ width: COLUMNS.status }} />
          <col style={{ width: COLUMNS.group }} />
          <col style={{ width: COLUMNS.tags }} />
          <col style={{ width: COLUMNS.created }} />
          <col style={{ width: COLUMNS.duration }} />
          {skills.map((s) => (
            <col key={s} style={{ width: COLUMNS.skill }} />
          ))}
        </colgroup>
        <thead className="border-b border-slate-200">
          <tr>
            <th scope="col" rowSpan={skills.length > 0 ? 2 : undefined} className="bg-slate-50 py-2 pl-3 pr-0 align-bottom">
              <input
                type="checkbox"
                checked={selectedVisible > 0 && selectedVisible === runs.length}
                ref={(el) => {
                  if (el) el.indeterminate = selectedVisible > 0 && selectedVisible < runs.length;
                }}
                onChange={onSelectAll}
                aria-label={selectedVisible === runs.length ? "Unselect all loaded runs" : "Select all loaded runs"}
                data-testid="runs-select-all"
                className="h-4 w-4 cursor-pointer rounded border-slate-300 accent-indigo-600"
              />
            </th>
            {header("name", "Name")}
            {header("status", "Status")}
            {header("group", "Group")}
            <th scope="col" rowSpan={skills.length > 0 ? 2 : undefined} className="bg-slate-50 px-3 py-2 text-left align-bottom text-xs font-semibold uppercase tracking-wide text-slate-500">
              Tags
            </th>
            {header("created", "Created")}
            {header("duration", "Duration")}
            {skills.length > 0 && (
              <th
                scope="colgroup"
                colSpan={skills.length}
                className="border-l border-slate-200 bg-slate-50 px-3 pb-0.5 pt-2 text-center text-[11px] font-semibold uppercase tracking-wide text-slate-400"
              >
                Latest Pass@1
              </th>
            )}
          </tr>
          {skills.length > 0 && (
            <tr>
              {skills.map((s, i) => (
                <SortableHeader key={s} sortKey={`pass1:${s}`} current={sort} dir={dir} onSort={onSort} align="right" title={`Sort by the latest Pass@1 of ${s}`} first={i === 0}>
                  <span className="normal-case tracking-normal">{s}</span>
                </SortableHeader>
              ))}
            </tr>
          )}
        </thead>
        <tbody ref={bodyRef}>
          {paddingTop > 0 && (
            <tr aria-hidden style={{ height: paddingTop }}>
              <td colSpan={colSpan} />
            </tr>
          )}
          {items.map((item) => {
            const run = runs[item.index];
            return (
              <RunRow
                key={run.id}
                run={run}
                skills={skills}
                pass1={latestPass1[run.id]}
                index={item.index}
                measureRef={virtualizer.measureElement}
                focusable={item.index === focusedIndex}
                selected={selection.selected.has(run.id)}
                onSelect={onSelect}
                onOpen={open}
                onFocusRow={setFocusedId}
                onKeyDown={onRowKeyDown}
                onFilterGroup={onFilterGroup}
                onFilterTag={onFilterTag}
              />
            );
          })}
          {paddingBottom > 0 && (
            <tr aria-hidden style={{ height: paddingBottom }}>
              <td colSpan={colSpan} />
            </tr>
          )}
        </tbody>
      </table>
      {(hasMore || loadingMore) && (
        <div className="flex items-center justify-center border-t border-slate-100 py-2 text-xs text-slate-500" data-testid="runs-loading-more">
          {loadingMore ? (
            "Loading more runs…"
          ) : (
            <button type="button" onClick={onLoadMore} className="underline-offset-2 hover:text-slate-800 hover:underline">
              Load more runs
            </button>
          )}
        </div>
      )}
    </div>
  );
}
