/** The words the metric mapping shares with its readers (skills grid, OOD table, compare, runs table). */

export type TargetKind = "skill" | "benchmark";

/** A skill or benchmark of the project that a foreign metric feeds. */
export interface Target {
  kind: TargetKind;
  id: string;
}

/** What the value measures: a pass rate (Pass@1, or Avg@k over k samples) or mean environment steps per episode. */
export type Measure = "pass_rate" | "avg_steps";

/** Logged from training rollouts, or from a validation / eval pass (then shown as an Avg@k "reported by the trainer"). */
export type Phase = "train" | "eval";

/** A project's own alias: a foreign name (normalised) that means one of its skills or benchmarks. */
export interface ProjectAlias {
  alias: string;
  target: string;
}

/** A project's own rule, as stored (see db/schema/metric-mapping.ts). */
export interface ProjectRule {
  id: number;
  pattern: string;
  target: string;
  kind: "pass@1" | "avg_steps" | "avg@k";
  samples: number | null;
}

/** Everything the mapping of one project's keys depends on. */
export interface MappingContext {
  skills: readonly string[];
  benchmarks: readonly string[];
  aliases: readonly ProjectAlias[];
  rules: readonly ProjectRule[];
}

/** How a raw key reads in the signature views. */
export interface MappedMetric {
  /** The raw key as logged (always kept; the mapping only reads it). */
  key: string;
  target: Target;
  measure: Measure;
  phase: Phase;
  /** The N of mean@N / Avg@N when the framework names it; null when unknown. */
  samples: number | null;
  /** Skillboard's own key (`skill/<s>/pass@1`, …): wins over mapped ones. */
  native: boolean;
  /** The rule that matched: `skillboard` for native keys, a built-in rule id, or `project:<id>`. */
  rule: string;
  /** The foreign name (data source, reward function) that resolved to the target; null for native keys and fixed targets. */
  name: string | null;
  /** How the name resolved: the target's own id, a project alias, a built-in alias, or a rule's fixed target. */
  via: "native" | "id" | "alias" | "built-in alias" | "rule target";
}
