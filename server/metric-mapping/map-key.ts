import { BUILT_IN_RULES } from "./built-in-rules";
import { compileProjectRule, type CompiledProjectRule } from "./project-rules";
import { TargetResolver, type ResolvedName } from "./targets";
import type { MappedMetric, MappingContext, Measure, Phase } from "./types";

const NATIVE_PASS1 = /^skill\/(.+)\/pass@1$/;
const NATIVE_AVG_STEPS = /^skill\/(.+)\/avg_steps$/;
const NATIVE_EVAL = /^eval\/(.+)\/avg@(\d+)$/;

/** Training pass rates and step counts describe skills; only eval pass rates feed benchmarks (the OOD table). */
const fits = (r: ResolvedName, measure: Measure, phase: Phase) => r.target.kind === "skill" || (measure === "pass_rate" && phase === "eval");

/**
 * Reads metric keys the way the signature views need them, for one project:
 * Skillboard's own keys as they are, then the project's rules (in creation
 * order), then the built-in rules (in their order). A rule applies when its
 * pattern matches and its name resolves to one of the project's skills or
 * benchmarks; a key no rule maps is left alone.
 */
export class MetricKeyMapper {
  private readonly resolver: TargetResolver;
  private readonly projectRules: CompiledProjectRule[];

  constructor(ctx: MappingContext) {
    this.resolver = new TargetResolver(ctx);
    this.projectRules = ctx.rules.flatMap((r) => compileProjectRule(r) ?? []);
  }

  /** The mapping of every key that maps; `keys` are also where sibling keys (e.g. SkyRL's pass_at_N) are looked up. */
  mapAll(keys: Iterable<string>): MappedMetric[] {
    const set = keys instanceof Set ? (keys as ReadonlySet<string>) : new Set(keys);
    const out: MappedMetric[] = [];
    for (const key of set) {
      const m = this.map(key, set);
      if (m) out.push(m);
    }
    return out;
  }

  map(key: string, siblings: ReadonlySet<string> = new Set([key])): MappedMetric | null {
    return this.native(key) ?? this.byProjectRule(key) ?? this.byBuiltInRule(key, siblings);
  }

  private native(key: string): MappedMetric | null {
    const base = { key, native: true, rule: "skillboard", name: null, via: "native" as const };
    let m = NATIVE_PASS1.exec(key);
    if (m) return { ...base, target: { kind: "skill", id: m[1] }, measure: "pass_rate", phase: "train", samples: null };
    m = NATIVE_AVG_STEPS.exec(key);
    if (m) return { ...base, target: { kind: "skill", id: m[1] }, measure: "avg_steps", phase: "train", samples: null };
    m = NATIVE_EVAL.exec(key);
    if (m) {
      const kind = this.resolver.byId(m[1])?.kind === "skill" ? "skill" : "benchmark";
      return { ...base, target: { kind, id: m[1] }, measure: "pass_rate", phase: "eval", samples: Number(m[2]) };
    }
    return null;
  }

  private byProjectRule(key: string): MappedMetric | null {
    for (const r of this.projectRules) {
      const m = r.regex.exec(key);
      if (!m) continue;
      const name = m.groups?.name;
      const resolved: ResolvedName | null =
        r.rule.target === "{name}"
          ? name === undefined
            ? null
            : this.resolver.resolve(name)
          : (() => {
              const t = this.resolver.byId(r.rule.target);
              return t ? { target: t, via: "rule target" as const } : null;
            })();
      if (!resolved || !fits(resolved, r.measure, r.phase)) continue;
      const n = m.groups?.n;
      return {
        key,
        target: resolved.target,
        measure: r.measure,
        phase: r.phase,
        samples: n !== undefined ? Number(n) : r.rule.samples,
        native: false,
        rule: `project:${r.rule.id}`,
        name: r.rule.target === "{name}" ? (name ?? null) : null,
        via: resolved.via,
      };
    }
    return null;
  }

  private byBuiltInRule(key: string, siblings: ReadonlySet<string>): MappedMetric | null {
    for (const r of BUILT_IN_RULES) {
      const m = r.regex.exec(key);
      const name = m?.groups?.name;
      if (name === undefined) continue;
      const resolved = this.resolver.resolve(name);
      if (!resolved || !fits(resolved, r.measure, r.phase)) continue;
      const n = m!.groups?.n;
      return {
        key,
        target: resolved.target,
        measure: r.measure,
        phase: r.phase,
        samples: n !== undefined ? Number(n) : (r.siblingSamples?.(name, siblings) ?? null),
        native: false,
        rule: r.id,
        name,
        via: resolved.via,
      };
    }
    return null;
  }
}

/** How a mapped key reads, in one line: `swe_verified · Avg@4 (reported)`, `editing · Pass@1`. */
export function describeMapped(m: Pick<MappedMetric, "target" | "measure" | "phase" | "samples" | "native">): string {
  const avg = `Avg@${m.samples ?? "N"}`;
  if (m.measure === "avg_steps") return `${m.target.id} · Avg steps`;
  if (m.target.kind === "benchmark") return `${m.target.id} · ${avg}${m.native ? "" : " (reported)"}`;
  if (m.phase === "eval") return m.native ? `${m.target.id} · ${avg}` : `${m.target.id} · Pass@1 (${avg})`;
  return `${m.target.id} · Pass@1`;
}
