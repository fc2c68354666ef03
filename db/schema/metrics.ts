import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { projects } from "./projects";
import { runs } from "./runs";

/** Interned metric key names, per project. */
export const metricKeys = sqliteTable(
  "metric_keys",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id").notNull().references(() => projects.id),
    key: text("key").notNull(),
  },
  (t) => [uniqueIndex("metric_keys_project_key").on(t.projectId, t.key)],
);

/** Raw points; reads are always by run + key + step range (WITHOUT ROWID in the migration). */
export const metricPoints = sqliteTable(
  "metric_points",
  {
    runPk: integer("run_pk").notNull(),
    keyId: integer("key_id").notNull(),
    step: integer("step").notNull(),
    value: real("value").notNull(),
    wallTime: real("wall_time"),
  },
  (t) => [primaryKey({ columns: [t.runPk, t.keyId, t.step] })],
);

/**
 * Pre-aggregated buckets of `2^(4*level)` steps (level 1..4 = 16, 256, 4096, 65536 steps),
 * maintained on ingest so a down-sampled read touches thousands of rows, not millions.
 */
export const metricRollups = sqliteTable(
  "metric_rollups",
  {
    runPk: integer("run_pk").notNull(),
    keyId: integer("key_id").notNull(),
    level: integer("level").notNull(),
    bucket: integer("bucket").notNull(),
    count: integer("count").notNull(),
    sum: real("sum").notNull(),
    min: real("min").notNull(),
    max: real("max").notNull(),
    lastStep: integer("last_step").notNull(),
    lastWallTime: real("last_wall_time"),
  },
  (t) => [primaryKey({ columns: [t.runPk, t.keyId, t.level, t.bucket] })],
);

/** One row per run and key: extent and latest value (the runs table reads Pass@1 from here). */
export const runMetricSummaries = sqliteTable(
  "run_metric_summaries",
  {
    runPk: integer("run_pk").notNull().references(() => runs.pk, { onDelete: "cascade" }),
    keyId: integer("key_id").notNull().references(() => metricKeys.id),
    count: integer("count").notNull(),
    minStep: integer("min_step").notNull(),
    maxStep: integer("max_step").notNull(),
    lastValue: real("last_value").notNull(),
    lastWallTime: real("last_wall_time"),
  },
  (t) => [primaryKey({ columns: [t.runPk, t.keyId] }), index("run_metric_summaries_key").on(t.keyId)],
);
