"use client";

import { forwardRef } from "react";
import { SearchInput } from "@/components/common/search-input";

interface Props {
  value: string;
  onChange: (value: string) => void;
  query: string;
  count: number;
  more: boolean;
  active: number;
  busy: boolean;
  onStep: (dir: 1 | -1) => void;
}

/** The log's search box with "3 / 120" and previous / next buttons; Enter and Shift+Enter step too. */
export const LogSearchBar = forwardRef<HTMLInputElement, Props>(function LogSearchBar(
  { value, onChange, query, count, more, active, busy, onStep },
  ref,
) {
  const total = `${count.toLocaleString()}${more ? "+" : ""}`;
  const button = "h-8 w-8 rounded-md border border-slate-300 text-slate-600 shadow-sm hover:bg-slate-50 disabled:opacity-40";
  return (
    <div
      className="flex items-center gap-2"
      onKeyDown={(e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          onStep(e.shiftKey ? -1 : 1);
        }
      }}
    >
      <SearchInput
        ref={ref}
        value={value}
        onChange={onChange}
        placeholder="Search the whole log"
        label="Search the log"
        shortcut="/"
        testId="log-search"
      />
      {query && (
        <span className="min-w-20 text-xs tabular-nums text-slate-500" role="status" data-testid="log-search-count">
          {busy && !count ? "searching…" : count === 0 ? "no matches" : active >= 0 ? `${active + 1} / ${total}` : `${total} match${count === 1 && !more ? "" : "es"}`}
        </span>
      )}
      <button type="button" className={button} onClick={() => onStep(-1)} disabled={!count} aria-label="Previous match (N)" title="Previous match (N, Shift+Enter)">
        ↑
      </button>
      <button type="button" className={button} onClick={() => onStep(1)} disabled={!count} aria-label="Next match (n)" title="Next match (n, Enter)">
        ↓
      </button>
    </div>
  );
});
