import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { projects } from "./projects";

/**
 * A project's own aliases for foreign metric names: a data source or reward
 * function called `alias` (normalised: lower case, `-`, `.` and spaces as `_`)
 * means the project's skill or benchmark `target`. Built-in aliases are code
 * (server/metric-mapping/default-aliases.ts); these add to and override them.
 */
export const metricAliases = sqliteTable(
  "metric_aliases",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    alias: text("alias").notNull(),
    target: text("target").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("metric_aliases_project_alias").on(t.projectId, t.alias)],
);

/** What a per-project rule makes of a matching key: a skill's Pass@1 or avg steps, or an Avg@k reported by the trainer. */
export const METRIC_RULE_KINDS = ["pass@1", "avg_steps", "avg@k"] as const;
export type MetricRuleKind = (typeof METRIC_RULE_KINDS)[number];

/**
 * A project's own mapping rule: keys matching `pattern` (`*` any text,
 * `{name}` the skill or benchmark, `{k}` the number of samples) feed `target`
 * (a skill or benchmark id, or `{name}`) as `kind`. Applied when reading, in
 * creation order, before the built-in rules.
 */
export const metricRules = sqliteTable(
  "metric_rules",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    pattern: text("pattern").notNull(),
    target: text("target").notNull(),
    kind: text("kind", { enum: METRIC_RULE_KINDS }).notNull(),
    /** The k of Avg@k when the pattern has no `{k}`; null when unknown. */
    samples: integer("samples"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("metric_rules_project").on(t.projectId)],
);
