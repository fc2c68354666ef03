import type { RunView } from "@/server/runs/service";
import { STATUS_ORDER, isRunSortKey, type RunSortKey } from "@/server/runs/sort-keys";
import type { RunStatus } from "./run-status";

/** What the runs table shows; lives in the URL (`?status=running&q=joint&sort=created&dir=desc`, `&trash=1`) so views can be shared. */
export interface RunsFilters {
  /** The Trash view: only runs that were deleted. */
  trash: boolean;
  project: string;
  status: RunStatus | "";
  group: string;
  tag: string;
  search: string;
  sort: SortKey;
  dir: "asc" | "desc";
}

/** A column to sort by: a fixed column, or `pass1:<skill>`. */
export type SortKey = RunSortKey;

export const DEFAULT_FILTERS: RunsFilters = { trash: false, project: "", status: "", group: "", tag: "", search: "", sort: "created", dir: "desc" };

/** Runs per page the table reads as it scrolls (newest first unless sorted otherwise). */
export const RUNS_PAGE_SIZE = 100;

/**
 * The filters in a query string. Without `project=` the list is over
 * `defaultProject` (the one chosen in the header); `project=` (empty) is every project.
 */
export function parseRunsFilters(params: URLSearchParams, defaultProject = ""): RunsFilters {
  const status = params.get("status") ?? "";
  const sort = params.get("sort") ?? "";
  return {
    trash: params.get("trash") === "1",
    project: params.has("project") ? (params.get("project") ?? "") : defaultProject,
    status: (STATUS_ORDER as readonly string[]).includes(status) ? (status as RunStatus) : "",
    group: params.get("group") ?? "",
    tag: params.get("tag") ?? "",
    search: params.get("q") ?? "",
    sort: isRunSortKey(sort) ? sort : DEFAULT_FILTERS.sort,
    dir: params.get("dir") === "asc" ? "asc" : params.get("dir") === "desc" ? "desc" : DEFAULT_FILTERS.dir,
  };
}

/** The query string for the filters, leaving defaults out (`project=` stays when it differs from the header's choice). */
export function serializeRunsFilters(f: RunsFilters, defaultProject = ""): string {
  const p = new URLSearchParams();
  if (f.trash) p.set("trash", "1");
  if (f.project || defaultProject) p.set("project", f.project);
  if (f.status) p.set("status", f.status);
  if (f.group) p.set("group", f.group);
  if (f.tag) p.set("tag", f.tag);
  if (f.search) p.set("q", f.search);
  if (f.sort !== DEFAULT_FILTERS.sort || f.dir !== DEFAULT_FILTERS.dir) {
    p.set("sort", f.sort);
    p.set("dir", f.dir);
  }
  const s = p.toString();
  return s ? `?${s}` : "";
}

export const hasNarrowingFilters = (f: RunsFilters) => Boolean(f.status || f.group || f.tag || f.search.trim());

/** The `runs.page` input for the filters (without the cursor). */
export function runsPageQuery(f: RunsFilters) {
  return {
    project: f.project || undefined,
    deleted: f.trash ? ("only" as const) : undefined,
    group: f.group || undefined,
    status: f.status || undefined,
    tag: f.tag || undefined,
    search: f.search.trim() || undefined,
    sort: f.sort,
    dir: f.dir,
    limit: RUNS_PAGE_SIZE,
  };
}

type Pass1 = Record<string, Record<string, number>>;

/**
 * The server's order (server/runs/page.ts) on the browser's side, to place a run
 * that "Live" brings among the loaded ones: by value, missing values last
 * either way, names case-insensitively; equal values keep their place.
 */
export function runComparator(sort: SortKey, dir: "asc" | "desc", latestPass1: Pass1, now: number): (a: RunView, b: RunView) => number {
  const value = sortValue(sort, latestPass1, now);
  const sign = dir === "asc" ? 1 : -1;
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    if (x == null || y == null) return x == null && y == null ? 0 : x == null ? 1 : -1;
    return sign * (x < y ? -1 : x > y ? 1 : 0);
  };
}

/** Sorted copy of the runs (stable). */
export function sortRuns(runs: RunView[], sort: SortKey, dir: "asc" | "desc", latestPass1: Pass1, now: number): RunView[] {
  const compare = runComparator(sort, dir, latestPass1, now);
  return runs
    .map((run, index) => ({ run, index }))
    .sort((a, b) => compare(a.run, b.run) || a.index - b.index)
    .map((x) => x.run);
}

function sortValue(sort: SortKey, latestPass1: Pass1, now: number): (r: RunView) => string | number | null {
  switch (sort) {
    case "name":
      return (r) => r.name.toLowerCase();
    case "status":
      return (r) => STATUS_ORDER.indexOf(r.status);
    case "group":
      return (r) => r.group?.toLowerCase() ?? null;
    case "created":
      return (r) => Date.parse(r.createdAt);
    case "duration":
      return (r) => (r.status === "running" && r.startedAt && !r.endedAt ? now - Date.parse(r.startedAt) : r.durationMs);
    default: {
      const key = `skill/${sort.slice("pass1:".length)}/pass@1`;
      return (r) => latestPass1[r.id]?.[key] ?? null;
    }
  }
}
