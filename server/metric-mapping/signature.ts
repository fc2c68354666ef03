import { BUILT_IN_RULES } from "./built-in-rules";
import { MetricKeyMapper } from "./map-key";
import type { MappedMetric, MappingContext } from "./types";

/**
 * Which raw key fills each slot of the signature views for one run (or one
 * set of keys): a skill's Pass@1 and avg steps, a benchmark's Avg@k logged
 * directly, and a benchmark's Avg@N reported by the trainer.
 */
export interface RunSignature {
  /** The project's skills in order, then skills that only appear in the keys (sorted). */
  skills: string[];
  /** The project's benchmarks in order, then other names with a logged or reported Avg@k (sorted). */
  benchmarks: string[];
  pass1: Record<string, MappedMetric>;
  avgSteps: Record<string, MappedMetric>;
  /** Skillboard's own `eval/<name>/avg@k`, by name (a skill's name too, as the OOD table always showed them). */
  logged: Record<string, MappedMetric>;
  /** A benchmark's mean pass rate reported by the trainer (verl mean@N, SkyRL avg_score, …). */
  reported: Record<string, MappedMetric>;
}

/** Candidate keys per slot, best first: what a run with only some of the keys falls back to. */
export interface SignatureCandidates {
  pass1: Record<string, MappedMetric[]>;
  avgSteps: Record<string, MappedMetric[]>;
  logged: Record<string, MappedMetric[]>;
  reported: Record<string, MappedMetric[]>;
}

const BUILT_IN_ORDER = new Map(BUILT_IN_RULES.map((r, i) => [r.id, i]));

function ruleRank(m: MappedMetric): number {
  if (m.native) return 0;
  if (m.rule.startsWith("project:")) return 1 + Number(m.rule.slice("project:".length)) / 1e12;
  return 2 + (BUILT_IN_ORDER.get(m.rule) ?? 0) / 1000;
}

/**
 * Precedence: Skillboard's own keys, then project rules (oldest first), then
 * built-in rules; training-rollout values before eval values; then the rule's
 * order; then the key, so the choice is stable.
 */
export function compareSources(a: MappedMetric, b: MappedMetric): number {
  const native = Number(b.native) - Number(a.native);
  if (native) return native;
  const project = Number(b.rule.startsWith("project:")) - Number(a.rule.startsWith("project:"));
  if (project) return project;
  const phase = Number(a.phase === "eval") - Number(b.phase === "eval");
  if (phase) return phase;
  return ruleRank(a) - ruleRank(b) || a.key.localeCompare(b.key, undefined, { numeric: true });
}

/** Sorts mapped keys into the slots they can fill, best first. */
export function signatureCandidates(mapped: readonly MappedMetric[]): SignatureCandidates {
  const out: SignatureCandidates = { pass1: {}, avgSteps: {}, logged: {}, reported: {} };
  const add = (slot: Record<string, MappedMetric[]>, id: string, m: MappedMetric) => (slot[id] ??= []).push(m);
  for (const m of mapped) {
    const id = m.target.id;
    if (m.native && m.phase === "eval") add(out.logged, id, m);
    else if (m.measure === "avg_steps") add(out.avgSteps, id, m);
    else if (m.target.kind === "skill") add(out.pass1, id, m);
    else if (m.phase === "eval") add(out.reported, id, m);
  }
  for (const slot of Object.values(out)) for (const list of Object.values(slot) as MappedMetric[][]) list.sort(compareSources);
  return out;
}

const firstOf = (slot: Record<string, MappedMetric[]>) => Object.fromEntries(Object.entries(slot).map(([id, list]) => [id, list[0]]));
const sortedExtras = (names: Iterable<string>, known: readonly string[]) => [...new Set(names)].filter((n) => !known.includes(n)).sort();

/** The signature of one run from the keys it logged. */
export function resolveSignature(keys: Iterable<string>, ctx: MappingContext, mapper = new MetricKeyMapper(ctx)): RunSignature {
  const c = signatureCandidates(mapper.mapAll(keys));
  const pass1 = firstOf(c.pass1);
  const avgSteps = firstOf(c.avgSteps);
  const logged = firstOf(c.logged);
  const reported = firstOf(c.reported);
  return {
    skills: [...ctx.skills, ...sortedExtras([...Object.keys(pass1), ...Object.keys(avgSteps)], ctx.skills)],
    benchmarks: [...ctx.benchmarks, ...sortedExtras([...Object.keys(logged), ...Object.keys(reported)], ctx.benchmarks)],
    pass1,
    avgSteps,
    logged,
    reported,
  };
}
