import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
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

/** What a chunk row and a tail row both hold: the points' packed blobs and their aggregates. */
const packedPoints = () => ({
  count: integer("count").notNull(),
  sum: real("sum").notNull(),
  min: real("min").notNull(),
  max: real("max").notNull(),
  lastStep: integer("last_step").notNull(),
  lastWallTime: real("last_wall_time"),
  offsets: blob("offsets").notNull(),
  values: blob("values").notNull(),
  wallTimes: blob("wall_times"),
});

/**
 * Metric points, packed: one row per run, key and chunk of CHUNK_STEPS consecutive
 * steps (`chunk = floor(step / CHUNK_STEPS)`), holding the points' step offsets
 * (Uint16), values (Float64) and wall times (Float64, NaN = none) as blobs, plus the
 * chunk's aggregates so a down-sampled read of a long series never unpacks it.
 * WITHOUT ROWID in the migration. See docs/data-model.md.
 */
export const metricChunks = sqliteTable(
  "metric_chunks",
  {
    runPk: integer("run_pk").notNull(),
    keyId: integer("key_id").notNull(),
    chunk: integer("chunk").notNull(),
    ...packedPoints(),
  },
  (t) => [primaryKey({ columns: [t.runPk, t.keyId, t.chunk] })],
);

/**
 * Small appends waiting to be folded into their chunk: a trainer's batch past every stored step is
 * written here (a few hundred bytes per key) instead of rewriting its chunk's packed blobs, and the
 * chunk row takes the tails in one rewrite once enough have gathered. Same layout as a chunk row;
 * a tail's steps all come after the chunk row's and the earlier tails' (`first_step` orders them).
 * Readers read a chunk as its row followed by its tails. WITHOUT ROWID in the migration.
 */
export const metricTails = sqliteTable(
  "metric_tails",
  {
    runPk: integer("run_pk").notNull(),
    keyId: integer("key_id").notNull(),
    chunk: integer("chunk").notNull(),
    firstStep: integer("first_step").notNull(),
    ...packedPoints(),
  },
  (t) => [primaryKey({ columns: [t.runPk, t.keyId, t.chunk, t.firstStep] })],
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
  // (key, latest value, run): the runs table sorted by a skill's Pass@1 reads runs in value order.
  (t) => [primaryKey({ columns: [t.runPk, t.keyId] }), index("run_metric_summaries_key_value").on(t.keyId, t.lastValue, t.runPk)],
);
