import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { projects } from "@/db/schema";
import { DEFAULT_BENCHMARKS, DEFAULT_PROJECT, DEFAULT_SKILLS } from "./defaults";

export type Project = typeof projects.$inferSelect;

/** Returns the project by name, creating it with the default skills and benchmarks if it is new. */
export function ensureProject(db: Db, name = DEFAULT_PROJECT): Project {
  const existing = db.select().from(projects).where(eq(projects.name, name)).get();
  if (existing) return existing;
  return db
    .insert(projects)
    .values({ name, skills: DEFAULT_SKILLS, benchmarks: DEFAULT_BENCHMARKS, createdAt: Date.now() })
    .onConflictDoNothing()
    .returning()
    .get() ?? db.select().from(projects).where(eq(projects.name, name)).get()!;
}

export function getProjectById(db: Db, id: number): Project | undefined {
  return db.select().from(projects).where(eq(projects.id, id)).get();
}

export function listProjects(db: Db): Project[] {
  return db.select().from(projects).orderBy(projects.name).all();
}
