"use client";

import { useEffect, useRef } from "react";
import { FilterSelect } from "@/components/common/filter-select";
import { SearchInput } from "@/components/common/search-input";
import { hasNarrowingFilters, type RunsFilters } from "./runs-filters";

interface Props {
  filters: RunsFilters;
  options: { projects: string[]; groups: string[]; tags: string[]; statuses: string[] };
  onChange: (patch: Partial<RunsFilters>) => void;
  onClear: () => void;
}

/** Search box and filter selects above the runs table; "/" focuses the search. */
export function RunsToolbar({ filters, options, onChange, onClear }: Props) {
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

  const showProject = options.projects.length > 1 || !!filters.project;
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
      {showProject && (
        <FilterSelect label="Project" value={filters.project} options={options.projects} onChange={(project) => onChange({ project })} anyLabel="All" testId="filter-project" />
      )}
      <FilterSelect label="Status" value={filters.status} options={options.statuses} onChange={(s) => onChange({ status: s as RunsFilters["status"] })} testId="filter-status" />
      <FilterSelect label="Group" value={filters.group} options={options.groups} onChange={(group) => onChange({ group })} testId="filter-group" />
      <FilterSelect label="Tag" value={filters.tag} options={options.tags} onChange={(tag) => onChange({ tag })} testId="filter-tag" />
      {hasNarrowingFilters(filters) && (
        <button type="button" onClick={onClear} className="text-sm text-slate-500 underline-offset-2 hover:text-slate-800 hover:underline">
          Clear
        </button>
      )}
    </div>
  );
}
