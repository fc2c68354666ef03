"use client";

import Link from "next/link";
import { memo, type KeyboardEvent, type MouseEvent } from "react";
import type { RunView } from "@/server/runs/service";
import { RelativeTime } from "@/components/common/relative-time";
import { TagList } from "@/components/common/tag-list";
import { PassRateCell } from "./pass-rate-cell";
import { RunDuration } from "./run-duration";
import { RunStatusBadge } from "./run-status-badge";

interface Props {
  run: RunView;
  skills: string[];
  pass1: Record<string, number> | undefined;
  index: number;
  /** The virtualiser's measuring ref (rows can differ in height). */
  measureRef?: (el: HTMLTableRowElement | null) => void;
  focusable: boolean;
  selected: boolean;
  onSelect: (id: string, range: boolean) => void;
  onOpen: (id: string) => void;
  onFocusRow: (id: string) => void;
  onKeyDown: (index: number, e: KeyboardEvent<HTMLTableRowElement>) => void;
  onFilterGroup: (group: string) => void;
  onFilterTag: (tag: string) => void;
}

const cell = "px-3 py-2 align-middle";

/** One run in the runs table; the whole row opens the run (click or Enter). Memoised: polling re-renders only changed rows. */
export const RunRow = memo(function RunRow({ run, skills, pass1, index, measureRef, focusable, selected, onSelect, onOpen, onFocusRow, onKeyDown, onFilterGroup, onFilterTag }: Props) {
  const onClick = (e: MouseEvent) => {
    if ((e.target as HTMLElement).closest("a,button,input,label")) return;
    if (e.metaKey || e.ctrlKey) window.open(`/runs/${run.id}`, "_blank");
    else onOpen(run.id);
  };
  return (
    <tr
      ref={measureRef}
      data-index={index}
      data-testid={`run-row-${run.id}`}
      data-run-id={run.id}
      data-selected={selected ? "true" : undefined}
      tabIndex={focusable ? 0 : -1}
      onClick={onClick}
      onFocus={() => onFocusRow(run.id)}
      onKeyDown={(e) => onKeyDown(index, e)}
      className={`cursor-pointer border-b border-slate-100 outline-none transition-colors last:border-0 hover:bg-slate-50 focus:bg-indigo-50/60 focus-visible:shadow-[inset_3px_0_0_0_var(--color-indigo-500)] ${
        selected ? "bg-indigo-50/40" : ""
      }`}
    >
      <td className="w-8 py-2 pl-3 pr-0 align-middle">
        {/* Out of the tab order (rows are one tab stop): Space or x on a focused row toggles it. */}
        <input
          type="checkbox"
          tabIndex={-1}
          checked={selected}
          onChange={() => {}}
          onClick={(e) => onSelect(run.id, e.shiftKey)}
          aria-label={`Select ${run.name} to compare`}
          data-testid={`run-select-${run.id}`}
          className="h-4 w-4 cursor-pointer rounded border-slate-300 accent-indigo-600"
        />
      </td>
      <td className={`${cell} overflow-hidden`} data-testid="run-cell-name">
        <Link href={`/runs/${run.id}`} title={run.name} className="block truncate font-medium text-slate-900 hover:text-indigo-700 hover:underline" tabIndex={-1}>
          {run.name}
        </Link>
        <span className="block truncate font-mono text-[11px] text-slate-400">{run.id}</span>
      </td>
      <td className={`${cell} overflow-hidden`}>
        <RunStatusBadge status={run.status} />
      </td>
      <td className={`${cell} overflow-hidden`} data-testid="run-cell-group">
        {run.group ? (
          <button
            type="button"
            tabIndex={-1}
            onClick={() => onFilterGroup(run.group!)}
            className="block max-w-full truncate text-left text-slate-700 hover:text-indigo-700 hover:underline"
            title={`Show runs of group ${run.group}`}
          >
            {run.group}
          </button>
        ) : (
          <span className="text-slate-300">—</span>
        )}
      </td>
      <td className={`${cell} overflow-hidden`} data-testid="run-cell-tags" title={run.tags.length ? run.tags.join(", ") : undefined}>
        <TagList tags={run.tags} onSelect={onFilterTag} max={3} nowrap />
      </td>
      <td className={`${cell} overflow-hidden whitespace-nowrap text-slate-600`}>
        <RelativeTime iso={run.createdAt} />
      </td>
      <td className={`${cell} overflow-hidden whitespace-nowrap font-mono text-xs tabular-nums text-slate-600`}>
        <RunDuration run={run} />
      </td>
      {skills.map((s, i) => (
        <td key={s} className={`${cell} overflow-hidden text-right ${i === 0 ? "border-l border-slate-100" : ""}`} data-testid={`run-${run.id}-pass1-${s}`}>
          <PassRateCell value={pass1?.[`skill/${s}/pass@1`]} />
        </td>
      ))}
    </tr>
  );
});
