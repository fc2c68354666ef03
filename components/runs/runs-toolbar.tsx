"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { FilterSelect } from "@/components/common/filter-select";
import { SearchInput } from "@/components/common/search-input";
import { useTRPC } from "@/components/providers/trpc";
import { FilterCombobox } from "./filter-combobox";
import { hasNarrowingFilters, type RunsFilters } from "./runs-filters";

interface Props {
  filters: RunsFilters;
  /** How many runs (of the project) are in the trash. */
  trashed: number;
  onChange: (patch: Partial<RunsFilters>) => void;
  onClear: () => void;
}

/**
 * Search box, filters and the Trash view toggle above the runs table; "/"
 * focuses the search. Every filter offers the values of all the project's runs
 * (from the server, with counts), not only the loaded ones.
 */
export function RunsToolbar({ filters, trashed, onChange, onClear }: Props) {
  const trpc = useTRPC();
  const searchRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = document.activeElement;
      if (e.key !== "/" || (el && ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName))) return;
      e.preventDefault();
      searchRef.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const scope = { project: filters.project || undefined, deleted: filters.trash ? ("only" as const) : undefined };
  const statuses = useQuery(trpc.runs.filterOptions.queryOptions({ ...scope, field: "status" }, { placeholderData: keepPreviousData, staleTime: 5000 }));
  const statusCounts = Object.fromEntries((statuses.data?.options ?? []).map((o) => [o.value, o.count]));
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
      <SearchInput
        ref={searchRef}
        value={filters.search}
        onChange={(search) => onChange({ search })}
        placeholder="Search name or id"
        label="Search runs by name or id"
        shortcut="/"
        testId="runs-search"
      />
      <FilterSelect
        label="Status"
        value={filters.status}
        options={Object.keys(statusCounts)}
        counts={statusCounts}
        onChange={(s) => onChange({ status: s as RunsFilters["status"] })}
        testId="filter-status"
      />
      <FilterCombobox label="Group" field="group" plural="groups" value={filters.group} scope={scope} onChange={(group) => onChange({ group })} />
      <FilterCombobox label="Tag" field="tag" plural="tags" value={filters.tag} scope={scope} onChange={(tag) => onChange({ tag })} />
      {hasNarrowingFilters(filters) && (
        <button type="button" onClick={onClear} className="text-sm text-slate-500 underline-offset-2 hover:text-slate-800 hover:underline">
          Clear
        </button>
      )}
      <button
        type="button"
        aria-pressed={filters.trash}
        onClick={() => onChange({ trash: !filters.trash })}
        title={filters.trash ? "Back to the runs" : "Show deleted runs"}
        className={`ml-auto inline-flex h-8 items-center gap-1.5 rounded-md border px-2.5 text-sm shadow-sm outline-none focus-visible:ring-2 focus-visible:ring-indigo-500/40 ${
          filters.trash ? "border-amber-300 bg-amber-50 text-amber-900" : "border-slate-300 bg-white text-slate-600 hover:bg-slate-50"
        }`}
        data-testid="runs-trash-toggle"
      >
        <TrashIcon />
        Trash
        {trashed > 0 && <span className="rounded-full bg-slate-200/80 px-1.5 text-xs tabular-nums text-slate-700">{trashed}</span>}
      </button>
    </div>
  );
}

function TrashIcon() {
  return (
    <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden className="h-4 w-4">
      <path
        fillRule="evenodd"
        d="M8.75 1A2.75 2.75 0 0 0 6 3.75v.44c-.8.08-1.59.18-2.38.3a.75.75 0 1 0 .23 1.49l.15-.03.85 10.6A2.75 2.75 0 0 0 7.6 19h4.8a2.75 2.75 0 0 0 2.74-2.45l.85-10.6.15.03a.75.75 0 0 0 .23-1.49c-.79-.12-1.58-.22-2.38-.3v-.44A2.75 2.75 0 0 0 11.25 1h-2.5ZM10 4c.84 0 1.67.03 2.5.08v-.33c0-.69-.56-1.25-1.25-1.25h-2.5c-.69 0-1.25.56-1.25 1.25v.33C8.33 4.03 9.16 4 10 4Z"
        clipRule="evenodd"
      />
    </svg>
  );
}
