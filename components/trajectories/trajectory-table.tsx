"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { OutcomeBadge } from "./outcome-badge";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import type { TrajectoryIndexRow, TrajectorySortKey } from "@/server/trajectories/list-query";
import { formatBytes, formatCount, formatMs, formatReward } from "./format";
import { groupHref, trajectoryHref, type TrajectoryListParams } from "./list-params";

interface Props {
  runId: string;
  rows: TrajectoryIndexRow[];
  params: TrajectoryListParams;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onSort: (sort: TrajectorySortKey) => void;
}

const ROW_HEIGHT = 36;
const GRID = "grid grid-cols-[5rem_7.5rem_minmax(12rem,1fr)_4rem_minmax(8rem,12rem)_4.5rem_4.5rem_4.5rem_4rem_5.5rem_5.5rem_4.5rem] items-center gap-x-3 px-3";

interface Column {
  label: string;
  sort?: TrajectorySortKey;
  right?: boolean;
  title?: string;
}

const COLUMNS: Column[] = [
  { label: "#", sort: "id", title: "Trajectory id (logged order)" },
  { label: "Skill" },
  { label: "Task" },
  { label: "Step", sort: "step", right: true },
  { label: "Group · sample", title: "The GRPO group (opens the G samples side by side)" },
  { label: "Reward", sort: "reward", right: true },
  { label: "Adv.", right: true, title: "GRPO advantage" },
  { label: "Result" },
  { label: "Steps", sort: "numSteps", right: true, title: "Environment steps (assistant turns)" },
  { label: "Tokens", sort: "tokens", right: true },
  { label: "Duration", sort: "durationMs", right: true },
  { label: "Size", right: true },
];

/** Focus in a field that takes typed keys (a checkbox or button does not). */
const isTyping = (el: Element | null) =>
  !!el &&
  ((el.tagName === "INPUT" && !["checkbox", "radio", "button", "submit"].includes((el as HTMLInputElement).type)) ||
    el.tagName === "TEXTAREA" ||
    el.tagName === "SELECT" ||
    (el as HTMLElement).isContentEditable);

/**
 * The trajectory list: only the rows in view are in the DOM (100,000 stay
 * quick), more pages load as the end comes near. One tab stop: j/k or ↓/↑ move,
 * PageUp/PageDown, Home/End jump, Enter opens, g opens the sample's GRPO group.
 */
export function TrajectoryTable({ runId, rows, params, hasMore, loadingMore, onLoadMore, onSort }: Props) {
  const router = useRouter();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const virtualizer = useVirtualizer({
    count: rows.length + (hasMore ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 15,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1].index : -1;

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - 60) onLoadMore();
  }, [hasMore, loadingMore, lastIndex, rows.length, onLoadMore]);

  // A new filter or order starts at the top.
  const orderKey = JSON.stringify(params);
  useEffect(() => {
    setActive(0);
    virtualizer.scrollToOffset(0);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [orderKey]);

  const activeIndex = Math.min(active, Math.max(rows.length - 1, 0));
  const move = useCallback(
    (index: number) => {
      const i = Math.max(0, Math.min(index, rows.length - 1));
      setActive(i);
      virtualizer.scrollToIndex(i, { align: "auto" });
    },
    [rows.length, virtualizer],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.metaKey || e.ctrlKey || e.altKey || rows.length === 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      j: activeIndex + 1,
      ArrowDown: activeIndex + 1,
      k: activeIndex - 1,
      ArrowUp: activeIndex - 1,
      PageDown: activeIndex + page,
      PageUp: activeIndex - page,
      Home: 0,
      End: rows.length - 1,
    };
    if (e.key in moves) {
      e.preventDefault();
      move(moves[e.key]);
    } else if (e.key === "Enter") {
      e.preventDefault();
      router.push(trajectoryHref(runId, rows[activeIndex].id, params));
    } else if (e.key === "g") {
      e.preventDefault();
      router.push(groupHref(runId, rows[activeIndex]));
    }
  };

  // j/k from anywhere outside a text field enter the list.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || isTyping(document.activeElement)) return;
      if (scrollRef.current?.contains(document.activeElement)) return;
      if (e.key === "j" || e.key === "k") {
        e.preventDefault();
        scrollRef.current?.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const activeId = rows[activeIndex]?.id;
  return (
    <div
      ref={scrollRef}
      role="grid"
      aria-label="Trajectories"
      aria-rowcount={rows.length + 1}
      aria-activedescendant={activeId != null ? `traj-row-${activeId}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="trajectory-table"
      className="relative h-[calc(100vh-19rem)] min-h-[22rem] overflow-auto rounded-lg border border-slate-200 bg-white shadow-sm outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
    >
      <div role="row" aria-rowindex={1} className={`${GRID} sticky top-0 z-10 h-9 min-w-[72rem] border-b border-slate-200 bg-slate-50 text-xs font-semibold uppercase tracking-wide text-slate-500`}>
        {COLUMNS.map((c) => (
          <SortHeader key={c.label} column={c} params={params} onSort={onSort} />
        ))}
      </div>
      <div className="relative min-w-[72rem]" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = rows[item.index];
          if (!row) {
            return (
              <div key="loader" className="absolute inset-x-0 flex items-center px-3 text-sm text-slate-400" style={{ top: item.start, height: item.size }}>
                Loading more…
              </div>
            );
          }
          return (
            <TrajectoryRow
              key={row.id}
              runId={runId}
              row={row}
              params={params}
              top={item.start}
              ariaIndex={item.index + 2}
              active={item.index === activeIndex}
              onActivate={() => setActive(item.index)}
            />
          );
        })}
      </div>
    </div>
  );
}

function SortHeader({ column, params, onSort }: { column: Column; params: TrajectoryListParams; onSort: (s: TrajectorySortKey) => void }) {
  const isActive = column.sort === params.sort;
  const content = column.sort ? (
    <button
      type="button"
      tabIndex={-1}
      onClick={() => onSort(column.sort!)}
      title={column.title ?? `Sort by ${column.label.toLowerCase()}`}
      className={`inline-flex items-center gap-1 uppercase tracking-wide hover:text-slate-800 ${isActive ? "text-slate-900" : ""} ${column.right ? "flex-row-reverse" : ""}`}
    >
      {column.label}
      <span aria-hidden className={`text-[10px] ${isActive ? "text-indigo-600" : "text-transparent"}`}>
        {isActive && params.dir === "asc" ? "▲" : "▼"}
      </span>
    </button>
  ) : (
    <span title={column.title}>{column.label}</span>
  );
  return (
    <div
      role="columnheader"
      aria-sort={isActive ? (params.dir === "asc" ? "ascending" : "descending") : undefined}
      className={`truncate ${column.right ? "text-right" : ""}`}
    >
      {content}
    </div>
  );
}

function Cell({ children, right, className = "" }: { children: ReactNode; right?: boolean; className?: string }) {
  return (
    <div role="gridcell" className={`truncate ${right ? "text-right tabular-nums" : ""} ${className}`}>
      {children}
    </div>
  );
}

function TrajectoryRow({
  runId,
  row,
  params,
  top,
  ariaIndex,
  active,
  onActivate,
}: {
  runId: string;
  row: TrajectoryIndexRow;
  params: TrajectoryListParams;
  top: number;
  ariaIndex: number;
  active: boolean;
  onActivate: () => void;
}) {
  const router = useRouter();
  const href = trajectoryHref(runId, row.id, params);
  return (
    <div
      role="row"
      id={`traj-row-${row.id}`}
      aria-rowindex={ariaIndex}
      aria-selected={active}
      data-testid={`trajectory-row-${row.id}`}
      onClick={(e) => {
        onActivate();
        if (!(e.target as Element).closest("a")) router.push(href);
      }}
      className={`${GRID} absolute inset-x-0 cursor-pointer border-b border-slate-100 text-sm ${active ? "bg-indigo-50/80 shadow-[inset_3px_0_0_#4f46e5]" : "hover:bg-slate-50"}`}
      style={{ top, height: ROW_HEIGHT }}
    >
      <Cell>
        <Link href={href} tabIndex={-1} className="font-mono text-xs text-indigo-700 hover:underline">
          #{row.id}
        </Link>
      </Cell>
      <Cell>
        <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{row.skill}</span>
      </Cell>
      <Cell className="font-mono text-xs text-slate-800">
        <span title={row.taskId}>{row.taskId}</span>
      </Cell>
      <Cell right>{row.step}</Cell>
      <Cell className="text-xs">
        <Link href={groupHref(runId, row)} tabIndex={-1} title={row.groupKey ? `Group ${row.groupKey}` : "Samples of this task at this step"} className="text-slate-600 hover:text-indigo-700 hover:underline">
          {row.groupKey ? <span className="font-mono">{row.groupKey}</span> : <span className="text-slate-400">by task</span>}
          {row.sampleIndex != null && <span className="text-slate-400"> · {row.sampleIndex}</span>}
        </Link>
      </Cell>
      <Cell right className={row.passed ? "font-medium text-emerald-700" : "text-slate-800"}>
        {formatReward(row.reward)}
      </Cell>
      <Cell right className={row.advantage == null ? "text-slate-300" : row.advantage > 0 ? "text-emerald-700" : row.advantage < 0 ? "text-rose-700" : "text-slate-500"}>
        {formatReward(row.advantage, true)}
      </Cell>
      <Cell>
        <OutcomeBadge passed={row.passed} />
      </Cell>
      <Cell right>{row.numSteps}</Cell>
      <Cell right className="text-slate-600">{formatCount(row.tokens)}</Cell>
      <Cell right className="text-slate-600">{formatMs(row.durationMs)}</Cell>
      <Cell right className="text-xs text-slate-400">{formatBytes(row.sizeBytes)}</Cell>
    </div>
  );
}
