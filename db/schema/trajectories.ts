import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { runs } from "./runs";

/** Index columns of one agent episode; the full body is a compressed content-addressed blob. */
export const trajectories = sqliteTable(
  "trajectories",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    runPk: integer("run_pk").notNull().references(() => runs.pk, { onDelete: "cascade" }),
    step: integer("step").notNull(),
    skill: text("skill").notNull(),
    taskId: text("task_id").notNull(),
    groupKey: text("group_key"),
    sampleIndex: integer("sample_index"),
    reward: real("reward").notNull(),
    /** NULL when the outcome is unknown (an imported agent log with no test result); never counted as a failure. */
    passed: integer("passed", { mode: "boolean" }),
    advantage: real("advantage"),
    numSteps: integer("num_steps").notNull(),
    tokens: integer("tokens"),
    durationMs: real("duration_ms"),
    blob: text("blob").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("trajectories_run_step").on(t.runPk, t.step, t.id),
    index("trajectories_run_skill_step").on(t.runPk, t.skill, t.step, t.id),
    index("trajectories_run_task").on(t.runPk, t.taskId),
    // Keyset-sorted lists of one run (sort value, then id) and the GRPO group view.
    index("trajectories_run_reward").on(t.runPk, t.reward, t.id),
    index("trajectories_run_num_steps").on(t.runPk, t.numSteps, t.id),
    index("trajectories_run_tokens").on(t.runPk, t.tokens, t.id),
    index("trajectories_run_duration").on(t.runPk, t.durationMs, t.id),
    index("trajectories_run_group").on(t.runPk, t.groupKey, t.step),
    // Covers the counts per skill (GROUP BY skill with passed, reward and step) without reading the table.
    index("trajectories_run_skill_counts").on(t.runPk, t.skill, t.step, t.passed, t.reward),
    // The tasks view: per (run, task) the latest step and its pass counts, read from the index alone.
    index("trajectories_run_task_step").on(t.runPk, t.taskId, t.step, t.passed, t.skill),
    // Purging a run finds which of its blobs no other trajectory shares.
    index("trajectories_blob").on(t.blob),
  ],
);
