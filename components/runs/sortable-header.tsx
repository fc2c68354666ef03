import type { ReactNode } from "react";
import type { SortKey } from "./runs-filters";

interface Props {
  sortKey: SortKey;
  current: SortKey;
  dir: "asc" | "desc";
  onSort: (key: SortKey) => void;
  align?: "left" | "right";
  title?: string;
  rowSpan?: number;
  /** First column of a group: draws the group's left border. */
  first?: boolean;
  children: ReactNode;
}

/** A column header that sorts the table; a real button, so Tab + Enter/Space work. */
export function SortableHeader({ sortKey, current, dir, onSort, align = "left", title, rowSpan, first, children }: Props) {
  const active = sortKey === current;
  return (
    <th
      scope="col"
      rowSpan={rowSpan}
      aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : "none"}
      className={`whitespace-nowrap bg-slate-50 px-3 py-2 align-bottom text-xs font-semibold text-slate-500 ${
        align === "right" ? "text-right" : "text-left"
      } ${first ? "border-l border-slate-200" : ""}`}
    >
      <button
        type="button"
        onClick={() => onSort(sortKey)}
        title={title}
        className={`group inline-flex items-center gap-1 rounded px-1 -mx-1 uppercase tracking-wide outline-none hover:text-slate-800 focus-visible:ring-2 focus-visible:ring-indigo-500 ${
          active ? "text-slate-900" : ""
        } ${align === "right" ? "flex-row-reverse" : ""}`}
      >
        {children}
        <span aria-hidden className={`text-[10px] ${active ? "text-indigo-600" : "text-transparent group-hover:text-slate-300"}`}>
          {active && dir === "asc" ? "▲" : "▼"}
        </span>
      </button>
    </th>
  );
}
