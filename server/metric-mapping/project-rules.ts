import type { Measure, Phase, ProjectRule } from "./types";

/** Longest pattern a project rule may have. */
export const MAX_RULE_PATTERN = 200;

/** Wildcards per pattern: a bound that keeps matching a 256-character key cheap. */
const MAX_WILDCARDS = 4;

export interface CompiledProjectRule {
  rule: ProjectRule;
  regex: RegExp;
  measure: Measure;
  phase: Phase;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A rule pattern that cannot be used, with what is wrong in words a user can act on. */
export class RulePatternError extends Error {}

/**
 * Turns a rule pattern into a full-key regex: `*` matches any text, `{name}`
 * the foreign name (resolved like a data source), `{k}` the sample count
 * (digits), and `@` also matches MLflow's `_at_`. Everything else is literal.
 */
export function compilePattern(pattern: string): RegExp {
  if (!pattern.trim()) throw new RulePatternError("The pattern is empty: write a metric key, with * for any text and {name} for the skill or benchmark.");
  if (pattern.length > MAX_RULE_PATTERN) throw new RulePatternError(`The pattern has ${pattern.length} characters; at most ${MAX_RULE_PATTERN}.`);
  const unknown = /\{(?!name\}|k\})[^}]*\}?/.exec(pattern);
  if (unknown) throw new RulePatternError(`Unknown placeholder '${unknown[0]}': use {name} or {k}.`);
  for (const p of ["{name}", "{k}"]) {
    if (pattern.split(p).length > 2) throw new RulePatternError(`${p} may appear once in a pattern.`);
  }
  if (pattern.split("*").length - 1 > MAX_WILDCARDS) throw new RulePatternError(`At most ${MAX_WILDCARDS} * in a pattern.`);
  let src = "";
  for (const token of pattern.split(/(\{name\}|\{k\}|\*|@)/)) {
    if (token === "{name}") src += "(?<name>.+?)";
    else if (token === "{k}") src += "(?<n>\\d+)";
    else if (token === "*") src += ".*?";
    else if (token === "@") src += "(?:@|_at_)";
    else src += escapeRegex(token);
  }
  return new RegExp(`^${src}$`);
}

const KIND_MEANING: Record<ProjectRule["kind"], { measure: Measure; phase: Phase }> = {
  "pass@1": { measure: "pass_rate", phase: "train" },
  avg_steps: { measure: "avg_steps", phase: "train" },
  "avg@k": { measure: "pass_rate", phase: "eval" },
};

/** Compiles a stored rule; one whose pattern no longer compiles is left out (it cannot be saved that way). */
export function compileProjectRule(rule: ProjectRule): CompiledProjectRule | null {
  try {
    return { rule, regex: compilePattern(rule.pattern), ...KIND_MEANING[rule.kind] };
  } catch {
    return null;
  }
}
