"use client";

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
}

const isTyping = (el: Element | null) =>
  !!el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || (el as HTMLElement).isContentEditable);

/**
 * The runs table. Rows form one tab stop (roving tabindex): j/k or ↓/↑ move,
 * Home/End jump, Enter opens, Space or x selects (with Shift: the range from
 * the last selected row); j/k from anywhere outside a text field enter the table.
 */
export function RunsTable({ runs, skills, latestPass1, sort, dir, onSort, onFilterGroup, onFilterTag, selection, onSelect, onSelectAll }: Props) {
  const router = useRouter();
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const focusedIndex = Math.max(0, runs.findIndex((r) => r.id === focusedId));

  const focusRow = useCallback((index: number) => {
    const rows = bodyRef.current?.querySelectorAll<HTMLTableRowElement>("tr[data-run-id]");
    if (!rows?.length) return;
    const row = rows[Math.min(Math.max(index, 0), rows.length - 1)];
    row.focus();
    row.scrollIntoView({ block: "nearest" });
  }, []);

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
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full border-collapse text-sm" data-testid="runs-table" aria-label="Runs">
        <thead className="border-b border-slate-200">
          <tr>
            <th scope="col" rowSpan={skills.length > 0 ? 2 : undefined} className="w-8 bg-slate-50 py-2 pl-3 pr-0 align-bottom">
              <input
                type="checkbox"
                checked={selectedVisible > 0 && selectedVisible === runs.length}
                ref={(el) => {
                  if (el) el.indeterminate = selectedVisible > 0 && selectedVisible < runs.length;
                }}
                onChange={onSelectAll}
                aria-label={selectedVisible === runs.length ? "Unselect all shown runs" : "Select all shown runs"}
                data-testid="runs-select-all"
                className="h-4 w-4 cursor-pointer rounded border-slate-300 accent-indigo-600"
              />
            </th>
            {header("name", "Name")}
            {header("status", "Status")}
            {header("group", "Group")}
            <th scope="col" rowSpan={2} className="bg-slate-50 px-3 py-2 text-left align-bottom text-xs font-semibold uppercase tracking-wide text-slate-500">
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
          <tr>
            {skills.map((s, i) => (
              <SortableHeader key={s} sortKey={`pass1:${s}`} current={sort} dir={dir} onSort={onSort} align="right" title={`Sort by the latest Pass@1 of ${s}`} first={i === 0}>
                <span className="normal-case tracking-normal">{s}</span>
              </SortableHeader>
            ))}
          </tr>
        </thead>
        <tbody ref={bodyRef}>
          {runs.map((run, i) => (
            <RunRow
              key={run.id}
              run={run}
              skills={skills}
              pass1={latestPass1[run.id]}
              index={i}
              focusable={i === focusedIndex}
              selected={selection.selected.has(run.id)}
              onSelect={onSelect}
              onOpen={open}
              onFocusRow={setFocusedId}
              onKeyDown={onRowKeyDown}
              onFilterGroup={onFilterGroup}
              onFilterTag={onFilterTag}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
