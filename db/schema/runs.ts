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
  (t) => [
    index("runs_project_created").on(t.projectId, t.createdAt),
    index("runs_group").on(t.groupId),
    index("runs_status").on(t.status),
  ],
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
