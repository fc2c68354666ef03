import { BUILT_IN_ALIASES } from "./default-aliases";
import { nameCandidates, normaliseName } from "./names";
import type { MappedMetric, MappingContext, Target } from "./types";

export interface ResolvedName {
  target: Target;
  via: MappedMetric["via"];
}

/** Looks names up in one project's skills, benchmarks and aliases (built once per context). */
export class TargetResolver {
  private readonly ids = new Map<string, Target>();
  private readonly projectAliases = new Map<string, string>();

  constructor(ctx: Pick<MappingContext, "skills" | "benchmarks" | "aliases">) {
    // Skills first: a name that is both stays a skill, as the compare table reads it.
    for (const id of ctx.benchmarks) this.ids.set(normaliseName(id), { kind: "benchmark", id });
    for (const id of ctx.skills) this.ids.set(normaliseName(id), { kind: "skill", id });
    for (const a of ctx.aliases) this.projectAliases.set(normaliseName(a.alias), a.target);
  }

  /** The project's skill or benchmark with this id (compared normalised), if any. */
  byId(id: string): Target | null {
    return this.ids.get(normaliseName(id)) ?? null;
  }

  /**
   * The skill or benchmark a foreign name means: for each candidate form of the
   * name (names.ts), the project's own id, then a project alias, then a built-in
   * alias whose target the project has. Null when it names none of them.
   */
  resolve(name: string): ResolvedName | null {
    for (const cand of nameCandidates(name)) {
      const id = this.ids.get(cand);
      if (id) return { target: id, via: "id" };
      const projectAlias = this.projectAliases.get(cand);
      if (projectAlias !== undefined) {
        const t = this.byId(projectAlias);
        if (t) return { target: t, via: "alias" };
      }
      if (Object.hasOwn(BUILT_IN_ALIASES, cand) && !this.projectAliases.has(cand)) {
        const t = this.byId(BUILT_IN_ALIASES[cand]);
        if (t) return { target: t, via: "built-in alias" };
      }
    }
    return null;
  }
}
