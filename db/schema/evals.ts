import { integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { runs } from "./runs";

/** One scored attempt on a benchmark at a training step; Avg@k is derived on read. */
export const evals = sqliteTable(
  "evals",
  {
    runPk: integer("run_pk").notNull().references(() => runs.pk, { onDelete: "cascade" }),
    benchmark: text("benchmark").notNull(),
    step: integer("step").notNull(),
    attempt: integer("attempt").notNull(),
    score: real("score").notNull(),
    wallTime: real("wall_time"),
  },
  (t) => [primaryKey({ columns: [t.runPk, t.benchmark, t.step, t.attempt] })],
);
