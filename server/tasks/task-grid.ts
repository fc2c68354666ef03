import { z } from "zod";
import type { Db } from "@/db";
import { BadRequestError } from "../errors";
import { projectColumns } from "../compare/load";
import { requireRunRow } from "../runs/service";
import { parseOrThrow, stepNumber } from "../validation";

/** Most runs one tasks view pivots into columns. */
export const MAX_TASK_GRID_RUNS = 20;
/** Largest page; the CSV export reads every row in pages of this size. */
export const MAX_TASK_GRID_PAGE = 5000;

const name = z.string().min(1).max(500);

/** Which trajectories of a (run, task) count: the run's last step that has the task, every step, or one step. */
export const taskStepModeInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("latest") }),
  z.object({ kind: z.literal("all") }),
  z.object({ kind: z.literal("step"), step: stepNumber }),
]);
export type TaskStepMode = z.output<typeof taskStepModeInput>;

export const taskGridInput = z.object({
  runIds: z.array(name).min(1).max(MAX_TASK_GRID_RUNS),
  stepMode: taskStepModeInput.default({ kind: "latest" }),
  skill: name.optional(),
  /** `train`: skills that are not one of the projects' benchmarks; `eval`: the held-out benchmarks. */
  split: z.enum(["all", "train", "eval"]).default("all"),
  taskIdContains: z.string().max(500).optional(),
  /** The pair the counts and quick filters speak of, as indices into runIds (default the first two). */
  a: z.number().int().min(0).default(0),
  b: z.number().int().min(0).default(1),
  /** `aNotB`: tasks A solves (≥ 1 pass) and B fails (known attempts, no pass); `bNotA` the reverse. */
  only: z.enum(["all", "aNotB", "bNotA"]).default("all"),
  sort: z.enum(["disagreement", "task"]).default("disagreement"),
  limit: z.number().int().min(1).max(MAX_TASK_GRID_PAGE).default(100),
  offset: z.number().int().min(0).default(0),
});
export type TaskGridInput = z.input<typeof taskGridInput>;

/** One run's trajectories of one task at the chosen step(s). */
export interface TaskCell {
  attempts: number;
  passes: number;
  /** Attempts whose outcome is unknown: in `attempts`, never in the rate's denominator. */
  unknown: number;
  /** The step counted (latest / at step N); the last step with the task under "all steps". */
  step: number;
  /** passes / (attempts − unknown); null when no attempt has a known outcome. */
  rate: number | null;
}

export interface TaskGridRow {
  taskId: string;
  skill: string;
  /** One per run, in runIds order; null where the run has no trajectory of the task. */
  cells: (TaskCell | null)[];
  /** Highest minus lowest pass rate across the runs (0 when fewer than two runs know the outcome). */
  disagreement: number;
}

export interface TaskGrid {
  runIds: string[];
  rows: TaskGridRow[];
  /** Tasks under the filters (skill, split, search), before the quick filter. */
  tasks: number;
  /** Rows the quick filter keeps: what the pages walk through. */
  matching: number;
  /** Tasks A solves that B fails, and the other way. */
  aNotB: number;
  bNotA: number;
  nextOffset: number | null;
}

type Query = z.output<typeof taskGridInput>;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** WHERE over `trajectories` (as `t`; `alias` renames it) for the runs and the row filters. */
function rowWhere(db: Db, q: Query, runPks: number[], params: Record<string, unknown>, alias = "t"): string {
  const clauses = [`t.run_pk IN (${runPks.map((_, i) => `@r${i}`).join(", ")})`];
  runPks.forEach((pk, i) => (params[`r${i}`] = pk));
  if (q.skill) {
    clauses.push("t.skill = @skill");
    params.skill = q.skill;
  }
  if (q.split !== "all") {
    const { benchmarks } = projectColumns(db, q.runIds);
    const list = benchmarks.map((_, i) => `@bench${i}`).join(", ");
    benchmarks.forEach((b, i) => (params[`bench${i}`] = b));
    // A project without benchmarks has no held-out tasks: every task is a training one.
    if (q.split === "eval") clauses.push(benchmarks.length ? `t.skill IN (${list})` : "0");
    else if (benchmarks.length) clauses.push(`t.skill NOT IN (${list})`);
  }
  if (q.taskIdContains) {
    clauses.push("t.task_id LIKE @taskLike ESCAPE '\\'");
    params.taskLike = `%${escapeLike(q.taskIdContains)}%`;
  }
  if (q.stepMode.kind === "step") {
    clauses.push("t.step = @step");
    params.step = q.stepMode.step;
  }
  return clauses.join(" AND ").replace(/\bt\./g, `${alias}.`);
}

/**
 * The per-(run, task) counts, read from the (run, task, step, passed, skill) index.
 * Under "latest": the distinct (run, task) pairs, each one's last step by an
 * index seek, then only that step's rows (2–4× faster than grouping every step).
 */
function cellsSql(q: Query, where: string, whereX: string): string {
  const counts = `COUNT(*) AS attempts, SUM(t.passed IS 1) AS passes, SUM(t.passed IS NULL) AS unknown, MIN(t.skill) AS skill`;
  if (q.stepMode.kind !== "latest") {
    return `SELECT t.run_pk, t.task_id, ${counts}, MAX(t.step) AS step FROM trajectories t WHERE ${where} GROUP BY t.run_pk, t.task_id`;
  }
  return `SELECT l.run_pk, l.task_id, l.step, ${counts} FROM (
      SELECT d.run_pk, d.task_id,
        (SELECT MAX(x.step) FROM trajectories x WHERE x.run_pk = d.run_pk AND x.task_id = d.task_id AND ${whereX}) AS step
      FROM (SELECT DISTINCT t.run_pk, t.task_id FROM trajectories t WHERE ${where}) d
    ) l JOIN trajectories t ON t.run_pk = l.run_pk AND t.task_id = l.task_id AND t.step = l.step AND ${where}
    GROUP BY l.run_pk, l.task_id`;
}

const rate = (alias: string) => `CASE WHEN ${alias}.attempts > ${alias}.unknown THEN ${alias}.passes * 1.0 / (${alias}.attempts - ${alias}.unknown) END`;

/** One page of the task × run grid, aggregated in SQL over every trajectory of the runs. */
export function readTaskGrid(db: Db, raw: TaskGridInput): TaskGrid {
  const q = parseOrThrow(taskGridInput, raw);
  if (new Set(q.runIds).size !== q.runIds.length) throw new BadRequestError("runIds: a run appears twice.");
  const runPks = q.runIds.map((id) => requireRunRow(db, id).pk);
  const pair = q.runIds.length > 1;
  if (pair && (q.a >= q.runIds.length || q.b >= q.runIds.length || q.a === q.b)) {
    throw new BadRequestError(`a, b: two different run indices below ${q.runIds.length}.`);
  }
  if (!pair && q.only !== "all") throw new BadRequestError("only: the quick filters need two runs.");
  const params: Record<string, unknown> = {};
  const where = rowWhere(db, q, runPks, params);
  const whereX = rowWhere(db, q, runPks, params, "x");
  const pivot = runPks
    .map((_, i) =>
      ["attempts", "passes", "unknown", "step"].map((c) => `MAX(CASE WHEN c.run_pk = @r${i} THEN c.${c} END) AS ${c}${i}`).join(", "),
    )
    .join(",\n      ");
  const solved = (x: number) => `passes${x} > 0`;
  const failed = (x: number) => `(attempts${x} > unknown${x} AND passes${x} = 0)`;
  const aNotB = pair ? `(${solved(q.a)} AND ${failed(q.b)})` : "0";
  const bNotA = pair ? `(${solved(q.b)} AND ${failed(q.a)})` : "0";
  const only = q.only === "aNotB" ? `WHERE ${aNotB}` : q.only === "bNotA" ? `WHERE ${bNotA}` : "";
  const order = q.sort === "disagreement" ? "disagreement DESC, task_id" : "task_id";
  params.limit = q.limit + 1;
  params.offset = q.offset;
  const sql = `WITH cells AS (${cellsSql(q, where, whereX)}),
    grid AS MATERIALIZED (
      SELECT c.task_id, MIN(c.skill) AS skill, COALESCE(MAX(${rate("c")}) - MIN(${rate("c")}), 0) AS disagreement,
      ${pivot}
      FROM cells c GROUP BY c.task_id
    ),
    stats AS (SELECT COUNT(*) AS tasks, COALESCE(SUM(${aNotB}), 0) AS aNotB, COALESCE(SUM(${bNotA}), 0) AS bNotA,
      COALESCE(SUM(${q.only === "aNotB" ? aNotB : q.only === "bNotA" ? bNotA : 1}), 0) AS matching FROM grid),
    page AS (SELECT * FROM grid ${only} ORDER BY ${order} LIMIT @limit OFFSET @offset)
    SELECT stats.tasks AS _tasks, stats.aNotB AS _aNotB, stats.bNotA AS _bNotA, stats.matching AS _matching, page.*
    FROM stats LEFT JOIN page ON 1 ORDER BY ${order.replace(/(disagreement|task_id)/g, "page.$1")}`;
  const raws = db.$client.prepare(sql).all(params) as Record<string, number | string | null>[];
  const head = raws[0];
  const pageRows = raws.filter((r) => r.task_id != null);
  const rows = pageRows.slice(0, q.limit).map((r) => toRow(r, runPks.length));
  return {
    runIds: q.runIds,
    rows,
    tasks: Number(head?._tasks ?? 0),
    matching: Number(head?._matching ?? 0),
    aNotB: Number(head?._aNotB ?? 0),
    bNotA: Number(head?._bNotA ?? 0),
    nextOffset: pageRows.length > q.limit ? q.offset + q.limit : null,
  };
}

function toRow(r: Record<string, number | string | null>, runs: number): TaskGridRow {
  const cells = Array.from({ length: runs }, (_, i): TaskCell | null => {
    const attempts = r[`attempts${i}`] as number | null;
    if (attempts == null) return null;
    const passes = r[`passes${i}`] as number;
    const unknown = r[`unknown${i}`] as number;
    return { attempts, passes, unknown, step: r[`step${i}`] as number, rate: attempts > unknown ? passes / (attempts - unknown) : null };
  });
  return { taskId: String(r.task_id), skill: String(r.skill), cells, disagreement: Number(r.disagreement) };
}
