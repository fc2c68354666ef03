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
    passed: integer("passed", { mode: "boolean" }).notNull(),
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
  ],
);
