import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { runs } from "./runs";

/** A run's stdout/stderr, in order: `seq` counts up from 1 per run. */
export const logChunks = sqliteTable(
  "log_chunks",
  {
    runPk: integer("run_pk").notNull().references(() => runs.pk, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    stream: text("stream").$type<"stdout" | "stderr">().notNull(),
    text: text("text").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.runPk, t.seq] })],
);
