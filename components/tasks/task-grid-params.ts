import type { TaskGridInput, TaskStepMode } from "@/server/tasks/task-grid";

/**
 * The tasks view's own URL keys, beside the compare page's (`runs`, `view=tasks`):
 * `at=all|N` (default: each run's latest step with the task), `skill`, `split=train|eval`,
 * `only=aNotB|bNotA`, `sort=task`, `a`/`b` (the pair, as run indices), `page`.
 */
export interface TaskGridParams {
  stepMode: TaskStepMode;
  skill: string;
  split: "all" | "train" | "eval";
  only: "all" | "aNotB" | "bNotA";
  sort: "disagreement" | "task";
  a: number;
  b: number;
  page: number;
  search: string;
}

export const TASK_PAGE = 100;
const KEYS = ["at", "skill", "split", "only", "sort", "a", "b", "page", "task"];

const index = (s: string | null, fallback: number) => (s != null && /^\d+$/.test(s) ? Number(s) : fallback);

export function parseTaskGridParams(q: URLSearchParams): TaskGridParams {
  const at = q.get("at");
  const split = q.get("split");
  const only = q.get("only");
  return {
    stepMode: at === "all" ? { kind: "all" } : at != null && /^\d+$/.test(at) ? { kind: "step", step: Number(at) } : { kind: "latest" },
    skill: q.get("skill") ?? "",
    split: split === "train" || split === "eval" ? split : "all",
    only: only === "aNotB" || only === "bNotA" ? only : "all",
    sort: q.get("sort") === "task" ? "task" : "disagreement",
    a: index(q.get("a"), 0),
    b: index(q.get("b"), 1),
    page: index(q.get("page"), 0),
    search: q.get("task") ?? "",
  };
}

/** `q` with the tasks view's keys replaced by `p` (defaults left out). */
export function withTaskGridParams(q: URLSearchParams, p: TaskGridParams): URLSearchParams {
  const out = new URLSearchParams(q);
  KEYS.forEach((k) => out.delete(k));
  if (p.stepMode.kind === "all") out.set("at", "all");
  if (p.stepMode.kind === "step") out.set("at", String(p.stepMode.step));
  if (p.skill) out.set("skill", p.skill);
  if (p.split !== "all") out.set("split", p.split);
  if (p.only !== "all") out.set("only", p.only);
  if (p.sort !== "disagreement") out.set("sort", p.sort);
  if (p.a !== 0) out.set("a", String(p.a));
  if (p.b !== 1) out.set("b", String(p.b));
  if (p.page) out.set("page", String(p.page));
  if (p.search) out.set("task", p.search);
  return out;
}

/** The grid query for runs under these params. */
export function toTaskGridInput(runIds: string[], p: TaskGridParams): TaskGridInput {
  const pair = runIds.length > 1 && p.a !== p.b && p.a < runIds.length && p.b < runIds.length;
  return {
    runIds,
    stepMode: p.stepMode,
    skill: p.skill || undefined,
    split: p.split,
    taskIdContains: p.search.trim() || undefined,
    a: pair ? p.a : 0,
    b: pair ? p.b : 1,
    only: runIds.length > 1 ? p.only : "all",
    sort: p.sort,
    limit: TASK_PAGE,
    offset: p.page * TASK_PAGE,
  };
}

/** The side-by-side page of one task for two runs. */
export const taskCompareHref = (taskId: string, runIds: string[]) =>
  `/compare/tasks/${encodeURIComponent(taskId)}?runs=${runIds.map(encodeURIComponent).join(",")}`;

/** A cell's background: rose (0 %) through amber to emerald (100 %); slate when no outcome is known. */
export function rateColor(rate: number | null): string {
  if (rate == null) return "hsl(215 20% 94%)";
  return `hsl(${Math.round(rate * 140)} 70% ${88 - Math.round(Math.abs(rate - 0.5) * 8)}%)`;
}
