import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** A namespace of runs (one base model or research line) with its own skills and OOD benchmarks. */
export const projects = sqliteTable("projects", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  skills: text("skills", { mode: "json" }).$type<string[]>().notNull(),
  benchmarks: text("benchmarks", { mode: "json" }).$type<string[]>().notNull(),
  createdAt: integer("created_at").notNull(),
});

/** Runs launched together: an ablation set or a seed sweep. */
export const runGroups = sqliteTable(
  "run_groups",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id").notNull().references(() => projects.id),
    name: text("name").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  // By name, case-insensitively: the runs table sorted by group walks the groups in this order.
  (t) => [uniqueIndex("run_groups_project_name").on(t.projectId, t.name), index("run_groups_name_nocase").on(sql`${t.name} COLLATE NOCASE`, t.projectId)],
);
