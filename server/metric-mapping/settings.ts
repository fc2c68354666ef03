import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { metricAliases, metricRules, projects } from "@/db/schema";
import { BadRequestError, NotFoundError } from "../errors";
import { parseOrThrow } from "../validation";
import { BUILT_IN_ALIASES } from "./default-aliases";
import { builtInRuleViews, type BuiltInRuleView } from "./built-in-rules";
import { addRuleInput, removeAliasInput, removeRuleInput, setAliasInput, type AddRuleInput, type SetAliasInput } from "./inputs";
import { normaliseName } from "./names";
import { compilePattern, RulePatternError } from "./project-rules";
import type { MappingContext, ProjectAlias, ProjectRule } from "./types";

type ProjectRow = typeof projects.$inferSelect;

function requireProjectByName(db: Db, name: string): ProjectRow {
  const row = db.select().from(projects).where(eq(projects.name, name)).get();
  if (!row) throw new NotFoundError("Project", name);
  return row;
}

function projectAliases(db: Db, projectId: number): (ProjectAlias & { createdAt: string })[] {
  return db
    .select()
    .from(metricAliases)
    .where(eq(metricAliases.projectId, projectId))
    .orderBy(asc(metricAliases.alias))
    .all()
    .map((a) => ({ alias: a.alias, target: a.target, createdAt: new Date(a.createdAt).toISOString() }));
}

function projectRules(db: Db, projectId: number): (ProjectRule & { createdAt: string })[] {
  return db
    .select()
    .from(metricRules)
    .where(eq(metricRules.projectId, projectId))
    .orderBy(asc(metricRules.id))
    .all()
    .map((r) => ({ id: r.id, pattern: r.pattern, target: r.target, kind: r.kind, samples: r.samples, createdAt: new Date(r.createdAt).toISOString() }));
}

/** What mapping a project's keys depends on: its skills, benchmarks, aliases and rules. */
export function loadMappingContext(db: Db, projectId: number): MappingContext {
  const p = db.select().from(projects).where(eq(projects.id, projectId)).get();
  if (!p) throw new NotFoundError("Project", projectId);
  return { skills: p.skills, benchmarks: p.benchmarks, aliases: projectAliases(db, projectId), rules: projectRules(db, projectId) };
}

export interface BuiltInAliasView {
  alias: string;
  target: string;
  /** Whether the target is one of the project's skills or benchmarks (otherwise the alias does nothing here). */
  active: boolean;
  /** A project alias of the same name replaces it. */
  overridden: boolean;
}

export interface MappingSettings {
  project: string;
  skills: string[];
  benchmarks: string[];
  aliases: (ProjectAlias & { createdAt: string })[];
  rules: (ProjectRule & { createdAt: string })[];
  builtInAliases: BuiltInAliasView[];
  builtInRules: BuiltInRuleView[];
}

/** The settings page's data: built-in rules and aliases (read-only), the project's aliases and rules. */
export function getMappingSettings(db: Db, projectName: string): MappingSettings {
  const p = requireProjectByName(db, projectName);
  const aliases = projectAliases(db, p.id);
  const own = new Set(aliases.map((a) => a.alias));
  const targets = new Set([...p.skills, ...p.benchmarks]);
  return {
    project: p.name,
    skills: p.skills,
    benchmarks: p.benchmarks,
    aliases,
    rules: projectRules(db, p.id),
    builtInAliases: Object.entries(BUILT_IN_ALIASES).map(([alias, target]) => ({ alias, target, active: targets.has(target), overridden: own.has(alias) })),
    builtInRules: builtInRuleViews(),
  };
}

function requireTarget(p: ProjectRow, target: string, what: string): void {
  if (p.skills.includes(target) || p.benchmarks.includes(target)) return;
  const all = [...p.skills, ...p.benchmarks];
  throw new BadRequestError(`${what}: '${target}' is not a skill or benchmark of project '${p.name}' (${all.length ? all.join(", ") : "it has none"}).`);
}

/**
 * Sets an alias (stored normalised): the same alias again changes its target.
 * An alias that is already one of the project's own ids is refused: it would
 * never be looked up.
 */
export function setAlias(db: Db, input: SetAliasInput, now = Date.now()): ProjectAlias {
  const { project, alias, target } = parseOrThrow(setAliasInput, input);
  const p = requireProjectByName(db, project);
  const normalised = normaliseName(alias);
  if (!normalised) throw new BadRequestError(`alias: '${alias}' has no letters or digits.`);
  requireTarget(p, target, "target");
  const clash = [...p.skills, ...p.benchmarks].find((id) => normaliseName(id) === normalised);
  if (clash) throw new BadRequestError(`alias: '${alias}' already is the ${p.skills.includes(clash) ? "skill" : "benchmark"} '${clash}' itself; no alias is needed.`);
  db.insert(metricAliases)
    .values({ projectId: p.id, alias: normalised, target, createdAt: now })
    .onConflictDoUpdate({ target: [metricAliases.projectId, metricAliases.alias], set: { target } })
    .run();
  return { alias: normalised, target };
}

/** Removes an alias (named as stored or in any spelling that normalises to it); 404 when the project has none such. */
export function removeAlias(db: Db, input: { project: string; alias: string }): void {
  const { project, alias } = parseOrThrow(removeAliasInput, input);
  const p = requireProjectByName(db, project);
  const res = db
    .delete(metricAliases)
    .where(and(eq(metricAliases.projectId, p.id), eq(metricAliases.alias, normaliseName(alias))))
    .run();
  if (res.changes === 0) throw new NotFoundError(`Alias of project '${p.name}'`, alias);
}

/** Adds a rule after the project's others; the pattern and target are checked first. */
export function addRule(db: Db, input: AddRuleInput, now = Date.now()): ProjectRule {
  const { project, pattern, target, kind, samples } = parseOrThrow(addRuleInput, input);
  const p = requireProjectByName(db, project);
  try {
    compilePattern(pattern);
  } catch (e) {
    if (e instanceof RulePatternError) throw new BadRequestError(`pattern: ${e.message}`);
    throw e;
  }
  if (target === "{name}") {
    if (!pattern.includes("{name}")) throw new BadRequestError("target: {name} needs a {name} in the pattern to take the name from.");
  } else requireTarget(p, target, "target");
  const row = db
    .insert(metricRules)
    .values({ projectId: p.id, pattern, target, kind, samples: kind === "avg@k" ? (samples ?? null) : null, createdAt: now })
    .returning()
    .get();
  return { id: row.id, pattern: row.pattern, target: row.target, kind: row.kind, samples: row.samples };
}

export function removeRule(db: Db, input: { project: string; id: number }): void {
  const { project, id } = parseOrThrow(removeRuleInput, input);
  const p = requireProjectByName(db, project);
  const res = db.delete(metricRules).where(and(eq(metricRules.projectId, p.id), eq(metricRules.id, id))).run();
  if (res.changes === 0) throw new NotFoundError(`Rule of project '${p.name}'`, id);
}

export { requireProjectByName };
