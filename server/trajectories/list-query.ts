import { z } from "zod";
import type { Db } from "@/db";
import { BadRequestError, NotFoundError } from "../errors";
import { requireRunRow } from "../runs/service";
import { finiteNumber, parseOrThrow } from "../validation";

/** One row of a run's trajectory index: the columns stored beside the compressed body. */
export interface TrajectoryIndexRow {
  id: number;
  runId: string;
  step: number;
  skill: string;
  taskId: string;
  groupKey: string | null;
  sampleIndex: number | null;
  reward: number;
  /** null: the outcome is unknown (see `metadata.outcomeKnown`); neither a pass nor a failure. */
  passed: boolean | null;
  advantage: number | null;
  numSteps: number;
  tokens: number | null;
  durationMs: number | null;
  sizeBytes: number;
}

export const TRAJECTORY_SORT_KEYS = ["id", "step", "reward", "numSteps", "tokens", "durationMs"] as const;
export type TrajectorySortKey = (typeof TRAJECTORY_SORT_KEYS)[number];

/** Sort key → column; `nullable` columns need NULL-aware keyset predicates (SQLite sorts NULL first). */
const SORT_COLUMNS: Record<TrajectorySortKey, { column: string; nullable: boolean }> = {
  id: { column: "t.id", nullable: false },
  step: { column: "t.step", nullable: false },
  reward: { column: "t.reward", nullable: false },
  numSteps: { column: "t.num_steps", nullable: false },
  tokens: { column: "t.tokens", nullable: true },
  durationMs: { column: "t.duration_ms", nullable: true },
};

/** Filters of a run's trajectory list; every one is optional and they combine with AND. */
export const trajectoryFilterInput = z.object({
  skill: z.string().optional(),
  /** Exact task id. */
  taskId: z.string().optional(),
  /** Case-insensitive substring of the task id. */
  taskIdContains: z.string().max(500).optional(),
  groupKey: z.string().optional(),
  stepMin: z.number().int().min(0).optional(),
  stepMax: z.number().int().min(0).optional(),
  /** true / false; null: only the trajectories whose outcome is unknown. */
  passed: z.boolean().nullable().optional(),
  rewardMin: finiteNumber.optional(),
  rewardMax: finiteNumber.optional(),
});
export type TrajectoryFilters = z.input<typeof trajectoryFilterInput>;

export const trajectoryOrderInput = z.object({
  sort: z.enum(TRAJECTORY_SORT_KEYS).default("id"),
  dir: z.enum(["asc", "desc"]).default("asc"),
});

export const trajectoryListInput = trajectoryFilterInput.extend(trajectoryOrderInput.shape).extend({
  limit: z.number().int().min(1).max(1000).default(100),
  cursor: z.string().optional(),
});
export type TrajectoryListInput = z.input<typeof trajectoryListInput>;

export const INDEX_SELECT = `SELECT t.id, r.id AS runId, t.step, t.skill, t.task_id AS taskId, t.group_key AS groupKey,
  t.sample_index AS sampleIndex, t.reward, t.passed, t.advantage, t.num_steps AS numSteps, t.tokens,
  t.duration_ms AS durationMs, t.size_bytes AS sizeBytes FROM trajectories t JOIN runs r ON r.pk = t.run_pk`;

export const toIndexRow = (row: TrajectoryIndexRow): TrajectoryIndexRow => ({ ...row, passed: row.passed == null ? null : Boolean(row.passed) });

type Filters = z.output<typeof trajectoryFilterInput>;
type Where = { clauses: string[]; params: Record<string, unknown> };

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Past this many distinct matching task ids, a task-id search filters row by row instead of by an id list. */
const MAX_TASK_ID_LIST = 500;

/** WHERE clauses for a run and its filters (`omit` leaves one filter out, e.g. the skill for per-skill counts). */
function filterWhere(db: Db, runPk: number, f: Filters, omit?: keyof Filters): Where {
  const clauses = ["t.run_pk = @run"];
  const params: Record<string, unknown> = { run: runPk };
  const add = (key: keyof Filters, clause: string, value: unknown) => {
    if (key === omit || value === undefined || value === "") return;
    clauses.push(clause);
    params[key] = value;
  };
  add("skill", "t.skill = @skill", f.skill);
  add("taskId", "t.task_id = @taskId", f.taskId);
  if (f.taskIdContains && omit !== "taskIdContains") {
    // Task ids repeat (G samples × steps): the distinct matches come from the small (run, task) index,
    // and an id list lets SQLite look rows up by task instead of testing every row.
    const pattern = `%${escapeLike(f.taskIdContains)}%`;
    const ids = db.$client
      .prepare(`SELECT DISTINCT task_id FROM trajectories WHERE run_pk = ? AND task_id LIKE ? ESCAPE '\\' LIMIT ${MAX_TASK_ID_LIST + 1}`)
      .pluck()
      .all(runPk, pattern) as string[];
    if (ids.length <= MAX_TASK_ID_LIST) {
      clauses.push(ids.length ? `t.task_id IN (${ids.map((_, i) => `@task${i}`).join(", ")})` : "0");
      ids.forEach((id, i) => (params[`task${i}`] = id));
    } else {
      clauses.push("t.task_id LIKE @taskIdContains ESCAPE '\\'");
      params.taskIdContains = pattern;
    }
  }
  add("groupKey", "t.group_key = @groupKey", f.groupKey);
  add("stepMin", "t.step >= @stepMin", f.stepMin);
  add("stepMax", "t.step <= @stepMax", f.stepMax);
  if (f.passed === null && omit !== "passed") clauses.push("t.passed IS NULL");
  else add("passed", "t.passed = @passed", f.passed == null ? undefined : f.passed ? 1 : 0);
  add("rewardMin", "t.reward >= @rewardMin", f.rewardMin);
  add("rewardMax", "t.reward <= @rewardMax", f.rewardMax);
  return { clauses, params };
}

interface Position {
  value: number | null;
  id: number;
}

/** The rows strictly after `pos` in the order (sort, dir), ties broken by id in the same direction. */
function afterClause(sort: TrajectorySortKey, dir: "asc" | "desc", pos: Position, params: Record<string, unknown>): string {
  const { column, nullable } = SORT_COLUMNS[sort];
  params.afterId = pos.id;
  if (sort === "id") return dir === "asc" ? "t.id > @afterId" : "t.id < @afterId";
  const cmp = dir === "asc" ? ">" : "<";
  if (!nullable || pos.value != null) {
    if (pos.value == null) throw new BadRequestError("cursor: not a cursor of this sort order.");
    params.afterValue = pos.value;
    if (!nullable) return `(${column}, t.id) ${cmp} (@afterValue, @afterId)`;
    // NULLs sort first ascending and last descending.
    return dir === "asc"
      ? `(${column} > @afterValue OR (${column} = @afterValue AND t.id > @afterId))`
      : `(${column} < @afterValue OR (${column} = @afterValue AND t.id < @afterId) OR ${column} IS NULL)`;
  }
  return dir === "asc" ? `((${column} IS NULL AND t.id > @afterId) OR ${column} IS NOT NULL)` : `(${column} IS NULL AND t.id < @afterId)`;
}

const orderBy = (sort: TrajectorySortKey, dir: "asc" | "desc") =>
  sort === "id" ? `t.id ${dir}` : `${SORT_COLUMNS[sort].column} ${dir}, t.id ${dir}`;

const sortValue = (row: TrajectoryIndexRow, sort: TrajectorySortKey): number | null => row[sort] as number | null;

/** Cursors name their sort so a cursor of one order is never read as another's; id order keeps the plain-id form. */
function encodeCursor(sort: TrajectorySortKey, row: TrajectoryIndexRow): string {
  const raw = sort === "id" ? String(row.id) : JSON.stringify([sort, sortValue(row, sort), row.id]);
  return Buffer.from(raw).toString("base64url");
}

function decodeCursor(cursor: string, sort: TrajectorySortKey): Position {
  const raw = Buffer.from(cursor, "base64url").toString();
  if (sort === "id" && /^\d+$/.test(raw)) return { value: Number(raw), id: Number(raw) };
  try {
    const [s, value, id] = JSON.parse(raw) as [string, number | null, number];
    if (s === sort && Number.isInteger(id) && (value === null || Number.isFinite(value))) return { value, id };
  } catch {
    // fall through
  }
  throw new BadRequestError("cursor: not a cursor this API returned for this sort order; start again without a cursor.");
}

/** One page of a run's trajectory index in the chosen order; `nextCursor` is null on the last page. */
export function listTrajectories(
  db: Db,
  runId: string,
  raw: TrajectoryListInput,
): { trajectories: TrajectoryIndexRow[]; nextCursor: string | null } {
  const q = parseOrThrow(trajectoryListInput, raw);
  const run = requireRunRow(db, runId);
  const { clauses, params } = filterWhere(db, run.pk, q);
  if (q.cursor) clauses.push(afterClause(q.sort, q.dir, decodeCursor(q.cursor, q.sort), params));
  params.limit = q.limit + 1;
  const rows = db.$client
    .prepare(`${INDEX_SELECT} WHERE ${clauses.join(" AND ")} ORDER BY ${orderBy(q.sort, q.dir)} LIMIT @limit`)
    .all(params) as TrajectoryIndexRow[];
  const page = rows.slice(0, q.limit).map(toIndexRow);
  return { trajectories: page, nextCursor: rows.length > q.limit ? encodeCursor(q.sort, page[page.length - 1]) : null };
}

export interface SkillCount {
  skill: string;
  count: number;
  passed: number;
  /** Trajectories with a known outcome: the denominator of pass rates (unknown outcomes are not failures). */
  known: number;
  meanReward: number;
}

export interface TrajectorySummary {
  /** Trajectories matching every filter. */
  total: number;
  passed: number;
  /** Of `total`, those with a known outcome (the pass rate is passed / known). */
  known: number;
  /** Per skill, under every filter but the skill one (so the skill chips keep their counts while one is chosen). */
  bySkill: SkillCount[];
  stepMin: number | null;
  stepMax: number | null;
}

/** Counts of a run's trajectories under the filters: the total and per skill (one GROUP BY over a covering index). */
export function summarizeTrajectories(db: Db, runId: string, raw: TrajectoryFilters = {}): TrajectorySummary {
  const f = parseOrThrow(trajectoryFilterInput, raw);
  const run = requireRunRow(db, runId);
  const { clauses, params } = filterWhere(db, run.pk, f, "skill");
  const rows = db.$client
    .prepare(
      `SELECT t.skill, COUNT(*) AS count, COALESCE(SUM(t.passed), 0) AS passed, COUNT(t.passed) AS known, AVG(t.reward) AS meanReward, MIN(t.step) AS stepMin, MAX(t.step) AS stepMax
       FROM trajectories t WHERE ${clauses.join(" AND ")} GROUP BY t.skill ORDER BY t.skill`,
    )
    .all(params) as (SkillCount & { stepMin: number; stepMax: number })[];
  const chosen = f.skill ? rows.filter((r) => r.skill === f.skill) : rows;
  return {
    total: chosen.reduce((a, r) => a + r.count, 0),
    passed: chosen.reduce((a, r) => a + r.passed, 0),
    known: chosen.reduce((a, r) => a + r.known, 0),
    bySkill: rows.map(({ skill, count, passed, known, meanReward }) => ({ skill, count, passed, known, meanReward })),
    stepMin: chosen.length ? Math.min(...chosen.map((r) => r.stepMin)) : null,
    stepMax: chosen.length ? Math.max(...chosen.map((r) => r.stepMax)) : null,
  };
}

export const trajectoryNeighborsInput = trajectoryFilterInput.extend(trajectoryOrderInput.shape).extend({
  id: z.number().int(),
});
export type TrajectoryNeighborsInput = z.input<typeof trajectoryNeighborsInput>;

/**
 * The trajectories before and after one in a list order (its filters and sort),
 * and its 1-based position there; the trajectory itself need not match the filters.
 */
export function trajectoryNeighbors(
  db: Db,
  raw: TrajectoryNeighborsInput,
): { prev: number | null; next: number | null; position: number; total: number } {
  const q = parseOrThrow(trajectoryNeighborsInput, raw);
  const row = db.$client.prepare(`${INDEX_SELECT} WHERE t.id = ?`).get(q.id) as TrajectoryIndexRow | undefined;
  if (!row) throw new NotFoundError("Trajectory", q.id);
  const runPk = db.$client.prepare("SELECT run_pk FROM trajectories WHERE id = ?").pluck().get(q.id) as number;
  const pos: Position = { value: sortValue(row, q.sort), id: row.id };
  const step = (dir: "asc" | "desc") => {
    const { clauses, params } = filterWhere(db, runPk, q);
    clauses.push(afterClause(q.sort, dir, pos, params));
    return db.$client
      .prepare(`SELECT t.id FROM trajectories t WHERE ${clauses.join(" AND ")} ORDER BY ${orderBy(q.sort, dir)} LIMIT 1`)
      .pluck()
      .get(params) as number | undefined;
  };
  const count = (before: boolean) => {
    const { clauses, params } = filterWhere(db, runPk, q);
    if (before) clauses.push(afterClause(q.sort, q.dir === "asc" ? "desc" : "asc", pos, params));
    return db.$client.prepare(`SELECT COUNT(*) FROM trajectories t WHERE ${clauses.join(" AND ")}`).pluck().get(params) as number;
  };
  const reverse = q.dir === "asc" ? "desc" : "asc";
  return { prev: step(reverse) ?? null, next: step(q.dir) ?? null, position: count(true) + 1, total: count(false) };
}
