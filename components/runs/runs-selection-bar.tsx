"use client";

import Link from "next/link";
import { compareHref } from "@/components/compare/compare-params";

interface Props {
  /** Selected run ids in table order (hidden ones last). */
  selected: string[];
  hidden: number;
  group: string;
  project: string;
  onClear: () => void;
}

const button = "inline-flex items-center rounded-md px-3 py-1.5 text-sm font-medium shadow-sm";

/** "Compare (N)" for the ticked runs, and "Compare group" while the table is filtered by a group. */
export function RunsSelectionBar({ selected, hidden, group, project, onClear }: Props) {
  if (!selected.length && !group) return null;
  return (
    <div className="flex flex-wrap items-center gap-3 rounded-lg border border-indigo-200 bg-indigo-50/60 px-3 py-2 text-sm" data-testid="runs-selection-bar">
      {selected.length > 0 && (
        <>
          <span className="text-indigo-900" data-testid="runs-selected-count">
            {selected.length} selected{hidden > 0 && <span className="text-indigo-700/70"> ({hidden} hidden by filters)</span>}
          </span>
          {selected.length >= 1 && (
            <Link href={compareHref({ runs: selected })} className={`${button} bg-indigo-600 text-white hover:bg-indigo-700`} data-testid="compare-selected">
              Compare ({selected.length})
            </Link>
          )}
          <button type="button" onClick={onClear} className="text-indigo-700 underline-offset-2 hover:underline">
            Clear selection
          </button>
        </>
      )}
      {group && (
        <Link
          href={compareHref({ group, project: project || undefined })}
          className={`${button} ${selected.length ? "ml-auto" : ""} border border-indigo-300 bg-white text-indigo-800 hover:bg-indigo-50`}
          data-testid="compare-group"
        >
          Compare group {group}
        </Link>
      )}
    </div>
  );
}
