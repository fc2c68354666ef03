import { and, count, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { FINAL_RUN_STATUSES, projects, runGroups, runs, type RunStatus } from "@/db/schema";
import { ConflictError, NotFoundError } from "../errors";
import { ensureProject } from "../projects/service";
import { newRunId } from "./ids";

export type RunRow = typeof runs.$inferSelect;

export interface RunView {
  id: string;
  project: string;
  group: string | null;
  name: string;
  recipe: string | null;
  config: Record<string, unknown>;
  status: RunStatus;
  pool: string | null;
  workerId: string | null;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  updatedAt: string;
  durationMs: number | null;
  exitCode: number | null;
  error: string | null;
  tags: string[];
  notes: string | null;
  gitCommit: string | null;
  /** When the run was moved to the trash; null while it is not. */
  deletedAt: string | null;
}

export interface CreateRunInput {
  id?: string;
  project?: string;
  name?: string;
  group?: string;
  config?: Record<string, unknown>;
  tags?: string[];
  notes?: string;
  gitCommit?: string;
  recipe?: string;
  pool?: string;
  status?: RunStatus;
}

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

function ensureGroup(db: Db, projectId: number, name: string): number {
  db.insert(runGroups).values({ projectId, name, createdAt: Date.now() }).onConflictDoNothing().run();
  return db
    .select({ id: runGroups.id })
    .from(runGroups)
    .where(and(eq(runGroups.projectId, projectId), eq(runGroups.name, name)))
    .get()!.id;
}

const runViewColumns = {
  run: runs,
  project: projects.name,
  group: runGroups.name,
};

function toView(row: { run: RunRow; project: string; group: string | null }, now = Date.now()): RunView {
  const r = row.run;
  const end = r.endedAt ?? (r.status === "running" ? now : null);
  return {
    id: r.id,
    project: row.project,
    group: row.group,
    name: r.name,
    recipe: r.recipe,
    config: r.config,
    status: r.status,
    pool: r.pool,
    workerId: r.workerId,
    createdAt: iso(r.createdAt)!,
    startedAt: iso(r.startedAt),
    endedAt: iso(r.endedAt),
    updatedAt: iso(r.updatedAt)!,
    durationMs: r.startedAt != null && end != null ? end - r.startedAt : null,
    exitCode: r.exitCode,
    error: r.error,
    tags: r.tags,
    notes: r.notes,
    gitCommit: r.gitCommit,
    deletedAt: iso(r.deletedAt),
  };
}

function selectRunViews(db: Db) {
  return db
    .select(runViewColumns)
    .from(runs)
    .innerJoin(projects, eq(projects.id, runs.projectId))
    .leftJoin(runGroups, eq(runGroups.id, runs.groupId));
}

/**
 * Creates a run. A client-chosen `id` makes creation idempotent: the same id
 * again returns the stored run (`created: false`) instead of a second one.
 */
export function createRun(db: Db, input: CreateRunInput): { run: RunView; created: boolean } {
  return db.transaction(() => {
    if (input.id) {
      const existing = findRunRow(db, input.id);
      if (existing) {
        const project = ensureProject(db, input.project);
        if (existing.projectId !== project.id) {
          throw new ConflictError(`Run '${input.id}' already exists in another project.`);
        }
        return { run: getRun(db, input.id), created: false };
      }
    }
    const project = ensureProject(db, input.project);
    const groupId = input.group ? ensureGroup(db, project.id, input.group) : null;
    const id = input.id ?? newRunId();
    const now = Date.now();
    const status = input.status ?? "running";
    db.insert(runs)
      .values({
        id,
        projectId: project.id,
        groupId,
        name: input.name ?? id,
        recipe: input.recipe ?? null,
        config: input.config ?? {},
        status,
        pool: input.pool ?? null,
        createdAt: now,
        startedAt: status === "running" ? now : null,
        updatedAt: now,
        tags: input.tags ?? [],
        notes: input.notes ?? null,
        gitCommit: input.gitCommit ?? null,
      })
      .run();
    return { run: getRun(db, id), created: true };
  });
}

/** Statements every append runs, prepared once per connection (building drizzle's SQL per call showed in profiles). */
const prepareHotStatements = (db: Db) => ({
  runById: db.select().from(runs).where(eq(runs.id, sql.placeholder("id"))).prepare(),
  touch: db.update(runs).set({ updatedAt: sql`${sql.placeholder("now")}` }).where(eq(runs.pk, sql.placeholder("pk"))).prepare(),
});
const hotStatementsByDb = new WeakMap<Db, ReturnType<typeof prepareHotStatements>>();
function hotStatements(db: Db) {
  let s = hotStatementsByDb.get(db);
  if (!s) hotStatementsByDb.set(db, (s = prepareHotStatements(db)));
  return s;
}

export function findRunRow(db: Db, id: string): RunRow | undefined {
  return hotStatements(db).runById.get({ id });
}

/** The run's row, or a 404 naming the id. */
export function requireRunRow(db: Db, id: string): RunRow {
  const row = findRunRow(db, id);
  if (!row) throw new NotFoundError("Run", id);
  return row;
}

/** A run by id, deleted (in the trash) or not: its page and links keep working. */
export function getRun(db: Db, id: string): RunView {
  const row = selectRunViews(db).where(eq(runs.id, id)).get();
  if (!row) throw new NotFoundError("Run", id);
  return toView(row);
}

const RUN_VIEWS_BY_PK = `SELECT r.pk, r.id, r.project_id AS projectId, r.group_id AS groupId, r.name, r.recipe, r.config, r.status, r.pool,
  r.worker_id AS workerId, r.created_at AS createdAt, r.started_at AS startedAt, r.ended_at AS endedAt, r.updated_at AS updatedAt,
  r.exit_code AS exitCode, r.error, r.tags, r.notes, r.git_commit AS gitCommit, r.deleted_at AS deletedAt, p.name AS project, g.name AS groupName
  FROM runs r JOIN projects p ON p.id = r.project_id LEFT JOIN run_groups g ON g.id = r.group_id
  WHERE r.pk IN (SELECT value FROM json_each(?))`;

/**
 * The runs with these internal keys, in the order given (missing ones left out).
 * Plain SQL: a page of the runs table reads a hundred rows many times a second.
 */
export function getRunViewsByPk(db: Db, pks: readonly number[], now = Date.now()): RunView[] {
  if (!pks.length) return [];
  type Raw = Omit<RunRow, "config" | "tags"> & { config: string; tags: string; project: string; groupName: string | null };
  const rows = db.$client.prepare(RUN_VIEWS_BY_PK).all(JSON.stringify(pks)) as Raw[];
  const byPk = new Map(rows.map((row) => [row.pk, row]));
  return pks.flatMap((pk) => {
    const row = byPk.get(pk);
    if (!row) return [];
    const { project, groupName, ...run } = row;
    return [toView({ run: { ...run, config: JSON.parse(run.config), tags: JSON.parse(run.tags) }, project, group: groupName }, now)];
  });
}

export interface ListRunsFilter {
  project?: string;
  group?: string;
  status?: RunStatus | RunStatus[];
  tag?: string;
  search?: string;
  limit?: number;
  /** Runs in the trash: left out (default), `only` them, or `include`d with the others. */
  deleted?: RunsDeletedFilter;
}

export const RUNS_DELETED_FILTERS = ["exclude", "only", "include"] as const;
export type RunsDeletedFilter = (typeof RUNS_DELETED_FILTERS)[number];

function deletedCondition(deleted: RunsDeletedFilter = "exclude"): SQL | undefined {
  if (deleted === "include") return undefined;
  return deleted === "only" ? isNotNull(runs.deletedAt) : isNull(runs.deletedAt);
}

/** Runs newest first; runs in the trash are left out unless `deleted` asks for them. */
export function listRuns(db: Db, filter: ListRunsFilter = {}): RunView[] {
  const where: SQL[] = [];
  const deleted = deletedCondition(filter.deleted);
  if (deleted) where.push(deleted);
  if (filter.project) where.push(eq(projects.name, filter.project));
  if (filter.group) where.push(eq(runGroups.name, filter.group));
  if (filter.status) {
    where.push(Array.isArray(filter.status) ? inArray(runs.status, filter.status) : eq(runs.status, filter.status));
  }
  if (filter.tag) where.push(sql`exists (select 1 from json_each(${runs.tags}) where value = ${filter.tag})`);
  if (filter.search) {
    const like = `%${filter.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    where.push(sql`(${runs.name} like ${like} escape '\\' or ${runs.id} like ${like} escape '\\')`);
  }
  const now = Date.now();
  return selectRunViews(db)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(runs.createdAt), desc(runs.pk))
    .limit(filter.limit ?? 1000)
    .all()
    .map((row) => toView(row, now));
}

/** How many runs (of a project) are in the trash. */
export function countDeletedRuns(db: Db, project?: string): number {
  return db
    .select({ n: count() })
    .from(runs)
    .innerJoin(projects, eq(projects.id, runs.projectId))
    .where(and(isNotNull(runs.deletedAt), project ? eq(projects.name, project) : undefined))
    .get()!.n;
}

export type FinalStatus = "succeeded" | "failed" | "canceled";

/** Marks a run ended. Finishing an already-ended run with the same status is a no-op (retries are safe). */
export function finishRun(
  db: Db,
  id: string,
  input: { status: FinalStatus; exitCode?: number | null; error?: string | null },
): RunView {
  const row = requireRunRow(db, id);
  if (FINAL_RUN_STATUSES.includes(row.status)) {
    if (row.status === input.status) return getRun(db, id);
    throw new ConflictError(`Run '${id}' already ended as '${row.status}'; it cannot become '${input.status}'.`);
  }
  const now = Date.now();
  db.update(runs)
    .set({
      status: input.status,
      endedAt: now,
      updatedAt: now,
      startedAt: row.startedAt ?? now,
      exitCode: input.exitCode ?? null,
      error: input.error ?? null,
    })
    .where(eq(runs.pk, row.pk))
    .run();
  return getRun(db, id);
}

/** Bumps `updated_at` so live pages know something new arrived. */
export function touchRun(db: Db, runPk: number, now = Date.now()): void {
  hotStatements(db).touch.run({ now, pk: runPk });
}
