import type { TrajectoryFilters, TrajectorySortKey } from "@/server/trajectories/list-query";

/**
 * The trajectory list's filters and order as the URL holds them (strings, as
 * typed), shared by the list and the trajectory page (whose n/p walk the list
 * order it was opened from).
 */
export interface TrajectoryListParams {
  skill: string;
  /** Substring of the task id. */
  task: string;
  group: string;
  stepMin: string;
  stepMax: string;
  passed: "" | "passed" | "failed" | "unknown";
  rewardMin: string;
  rewardMax: string;
  sort: TrajectorySortKey;
  dir: "asc" | "desc";
}

export const DEFAULT_LIST_PARAMS: TrajectoryListParams = {
  skill: "",
  task: "",
  group: "",
  stepMin: "",
  stepMax: "",
  passed: "",
  rewardMin: "",
  rewardMax: "",
  sort: "step",
  dir: "desc",
};

const SORTS: TrajectorySortKey[] = ["id", "step", "reward", "numSteps", "tokens", "durationMs"];
const TEXT_KEYS = ["skill", "task", "group", "stepMin", "stepMax", "rewardMin", "rewardMax"] as const;

export function parseListParams(query: URLSearchParams): TrajectoryListParams {
  const p: TrajectoryListParams = { ...DEFAULT_LIST_PARAMS };
  for (const k of TEXT_KEYS) p[k] = query.get(k) ?? "";
  const passed = query.get("passed");
  p.passed = passed === "passed" || passed === "failed" || passed === "unknown" ? passed : "";
  const sort = query.get("sort") as TrajectorySortKey | null;
  if (sort && SORTS.includes(sort)) p.sort = sort;
  const dir = query.get("dir");
  if (dir === "asc" || dir === "desc") p.dir = dir;
  return p;
}

/** `?skill=…&sort=…` with only the values that differ from the defaults; `""` when none do. */
export function serializeListParams(p: TrajectoryListParams): string {
  const q = new URLSearchParams();
  for (const k of TEXT_KEYS) if (p[k].trim()) q.set(k, p[k].trim());
  if (p.passed) q.set("passed", p.passed);
  if (p.sort !== DEFAULT_LIST_PARAMS.sort || p.dir !== DEFAULT_LIST_PARAMS.dir) {
    q.set("sort", p.sort);
    q.set("dir", p.dir);
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

const int = (s: string) => (/^\s*\d+\s*$/.test(s) ? Number(s) : undefined);
const num = (s: string) => (s.trim() !== "" && Number.isFinite(Number(s)) ? Number(s) : undefined);

/** The filters and order for the list query; values that are not numbers are left out rather than refused. */
export function toQueryInput(p: TrajectoryListParams): TrajectoryFilters & { sort: TrajectorySortKey; dir: "asc" | "desc" } {
  const input = {
    skill: p.skill || undefined,
    taskIdContains: p.task.trim() || undefined,
    groupKey: p.group || undefined,
    stepMin: int(p.stepMin),
    stepMax: int(p.stepMax),
    passed: p.passed === "" ? undefined : p.passed === "unknown" ? null : p.passed === "passed",
    rewardMin: num(p.rewardMin),
    rewardMax: num(p.rewardMax),
    sort: p.sort,
    dir: p.dir,
  };
  // Unset filters are left out (they would lengthen every query URL).
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as typeof input;
}

/** Whether any filter (not the order) is set. */
export const hasFilters = (p: TrajectoryListParams) => TEXT_KEYS.some((k) => p[k].trim() !== "") || p.passed !== "";

export const trajectoryListHref = (runId: string, p: TrajectoryListParams) => `/runs/${encodeURIComponent(runId)}/trajectories${serializeListParams(p)}`;

/** A trajectory's page, carrying the list order it was opened from. */
export const trajectoryHref = (runId: string, id: number, p: TrajectoryListParams = DEFAULT_LIST_PARAMS) =>
  `/runs/${encodeURIComponent(runId)}/trajectories/${id}${serializeListParams(p)}`;

/** The GRPO group view of a sample: by group key, or by task id when the sample has none. */
export function groupHref(runId: string, row: { step: number; groupKey: string | null; taskId: string }): string {
  const q = new URLSearchParams({ step: String(row.step) });
  if (row.groupKey) q.set("groupKey", row.groupKey);
  else q.set("taskId", row.taskId);
  return `/runs/${encodeURIComponent(runId)}/trajectories/group?${q}`;
}
