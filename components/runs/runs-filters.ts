import type { RunView } from "@/server/runs/service";
import { RUN_STATUSES, type RunStatus } from "./run-status";

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
export type SortKey = "name" | "status" | "group" | "created" | "duration" | `pass1:${string}`;

export const DEFAULT_FILTERS: RunsFilters = { trash: false, project: "", status: "", group: "", tag: "", search: "", sort: "created", dir: "desc" };

/** Most runs the table loads at once (newest first). */
export const RUNS_PAGE_LIMIT = 1000;

const FIXED_SORTS = new Set(["name", "status", "group", "created", "duration"]);

export function parseRunsFilters(params: URLSearchParams): RunsFilters {
  const status = params.get("status") ?? "";
  const sort = params.get("sort") ?? "";
  return {
    trash: params.get("trash") === "1",
    project: params.get("project") ?? "",
    status: (RUN_STATUSES as readonly string[]).includes(status) ? (status as RunStatus) : "",
    group: params.get("group") ?? "",
    tag: params.get("tag") ?? "",
    search: params.get("q") ?? "",
    sort: FIXED_SORTS.has(sort) || sort.startsWith("pass1:") ? (sort as SortKey) : DEFAULT_FILTERS.sort,
    dir: params.get("dir") === "asc" ? "asc" : params.get("dir") === "desc" ? "desc" : DEFAULT_FILTERS.dir,
  };
}

/** The query string for the filters, leaving defaults out. */
export function serializeRunsFilters(f: RunsFilters): string {
  const p = new URLSearchParams();
  if (f.trash) p.set("trash", "1");
  if (f.project) p.set("project", f.project);
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

/** Runs that pass the status / group / tag / search filters (search matches name or id, case-insensitive). */
export function filterRuns(runs: RunView[], f: RunsFilters): RunView[] {
  const q = f.search.trim().toLowerCase();
  return runs.filter(
    (r) =>
      (!f.status || r.status === f.status) &&
      (!f.group || r.group === f.group) &&
      (!f.tag || r.tags.includes(f.tag)) &&
      (!q || r.name.toLowerCase().includes(q) || r.id.toLowerCase().includes(q)),
  );
}

type Pass1 = Record<string, Record<string, number>>;

/** Sorted copy of the runs; missing values go last whichever the direction. */
export function sortRuns(runs: RunView[], sort: SortKey, dir: "asc" | "desc", latestPass1: Pass1, now: number): RunView[] {
  const value = sortValue(sort, latestPass1, now);
  const sign = dir === "asc" ? 1 : -1;
  return runs
    .map((run, index) => ({ run, index, v: value(run) }))
    .sort((a, b) => {
      if (a.v == null || b.v == null) return a.v == null && b.v == null ? a.index - b.index : a.v == null ? 1 : -1;
      const c = typeof a.v === "string" ? a.v.localeCompare(b.v as string, undefined, { numeric: true }) : a.v - (b.v as number);
      return c !== 0 ? sign * c : a.index - b.index;
    })
    .map((x) => x.run);
}

function sortValue(sort: SortKey, latestPass1: Pass1, now: number): (r: RunView) => string | number | null {
  switch (sort) {
    case "name":
      return (r) => r.name;
    case "status":
      return (r) => RUN_STATUSES.indexOf(r.status);
    case "group":
      return (r) => r.group;
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

/** Distinct values for the filter selects, sorted. */
export function filterOptions(runs: RunView[]) {
  const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => !!x))].sort((a, b) => a.localeCompare(b));
  return {
    projects: uniq(runs.map((r) => r.project)),
    groups: uniq(runs.map((r) => r.group)),
    tags: uniq(runs.flatMap((r) => r.tags)),
    statuses: RUN_STATUSES.filter((s) => runs.some((r) => r.status === s)),
  };
}
