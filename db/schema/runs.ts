import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { projects, runGroups } from "./projects";

export const RUN_STATUSES = ["queued", "starting", "running", "succeeded", "failed", "canceled", "lost"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const FINAL_RUN_STATUSES: readonly RunStatus[] = ["succeeded", "failed", "canceled", "lost"];

/**
 * One training or evaluation job. `id` is the public id (in URLs and the API);
 * `pk` is the compact integer the child tables key on.
 */
export const runs = sqliteTable(
  "runs",
  {
    pk: integer("pk").primaryKey({ autoIncrement: true }),
    id: text("id").notNull().unique(),
    projectId: integer("project_id").notNull().references(() => projects.id),
    groupId: integer("group_id").references(() => runGroups.id),
    name: text("name").notNull(),
    recipe: text("recipe"),
    config: text("config", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    status: text("status").$type<RunStatus>().notNull(),
    pool: text("pool"),
    workerId: text("worker_id"),
    createdAt: integer("created_at").notNull(),
    startedAt: integer("started_at"),
    endedAt: integer("ended_at"),
    updatedAt: integer("updated_at").notNull(),
    exitCode: integer("exit_code"),
    error: text("error"),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull(),
    notes: text("notes"),
    gitCommit: text("git_commit"),
    /** Set when the run was moved to the trash (soft delete); its data stays. Cleared on restore. */
    deletedAt: integer("deleted_at"),
  },
  // The runs table pages over every run of a project: each sort, filter and count reads one of these
  // (a project's runs in or out of the trash, then the sort column) instead of the whole table.
  (t) => [
    index("runs_scope_created").on(t.projectId, t.deletedAt, t.createdAt),
    index("runs_live_created").on(t.deletedAt, t.createdAt),
    index("runs_scope_name").on(t.projectId, t.deletedAt, sql`${t.name} COLLATE NOCASE`),
    index("runs_live_name").on(t.deletedAt, sql`${t.name} COLLATE NOCASE`),
    index("runs_scope_status").on(t.projectId, t.deletedAt, t.status),
    index("runs_scope_duration").on(t.projectId, t.deletedAt, t.startedAt, t.endedAt, t.status),
    index("runs_scope_group").on(t.projectId, t.deletedAt, t.groupId),
    index("runs_group_live").on(t.groupId, t.deletedAt, t.createdAt),
    index("runs_status").on(t.status, t.deletedAt),
    index("runs_updated").on(t.updatedAt),
  ],
);

/**
 * Each run's tags, one row per tag, so tag filters and tag counts read an index
 * instead of parsing every run's JSON. Derived from `runs.tags` by triggers
 * (migration 0012), whichever door wrote the run; never written by code.
 * `deleted` mirrors `runs.deleted_at IS NOT NULL`. Migration 0012 also keeps
 * `run_search`, an FTS5 trigram index over each run's name and id (rowid = pk),
 * for the search box; being a virtual table it has no drizzle definition.
 */
export const runTags = sqliteTable(
  "run_tags",
  {
    runPk: integer("run_pk").notNull().references(() => runs.pk, { onDelete: "cascade" }),
    projectId: integer("project_id").notNull(),
    tag: text("tag").notNull(),
    deleted: integer("deleted").notNull(),
  },
  (t) => [primaryKey({ columns: [t.runPk, t.tag] }), index("run_tags_scope").on(t.projectId, t.deleted, t.tag), index("run_tags_tag").on(t.tag, t.deleted, t.runPk)],
);

/** Append batches already stored for a run, so a retried request is stored once. */
export const ingestBatches = sqliteTable(
  "ingest_batches",
  {
    runPk: integer("run_pk").notNull().references(() => runs.pk, { onDelete: "cascade" }),
    batchId: text("batch_id").notNull(),
    kind: text("kind").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.runPk, t.batchId] })],
);
