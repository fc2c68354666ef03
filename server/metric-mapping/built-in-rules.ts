import type { Measure, Phase } from "./types";

/**
 * The built-in rules (code, on for every project): how the frameworks' own
 * metric names carry a data source / reward function / environment name, and
 * what the value measures. Sources read for each (see docs/metric-mapping.md):
 * verl 0.9.1 `process_validation_metrics` + `RayPPOTrainer._val_metrics_update`
 * and MLflow's `_sanitize_key` (`@` → `_at_`), `main_eval` (`test_score/<ds>`);
 * TRL's GRPOTrainer `_metrics` (`rewards/<func>/mean`, `eval_` prefix in eval,
 * `train/` / `eval/` when logged through transformers' W&B / TensorBoard
 * callbacks); SkyRL `calculate_per_dataset_metrics`; rllm
 * `UnifiedTrainer._validate`; slime `log_eval_rollout_data`; OpenRLHF
 * `compute_eval_metrics`. Earlier rules win when several match a key.
 */

export type Framework = "verl" | "TRL" | "SkyRL" | "rllm" | "slime" | "OpenRLHF";

export interface BuiltInRule {
  id: string;
  framework: Framework;
  /** The key's shape, for people. */
  shape: string;
  description: string;
  measure: Measure;
  phase: Phase;
  /** Full-key match; the group `name` is the foreign name, `n` the sample count when the key carries it. */
  regex: RegExp;
  /** The sample count from sibling keys when the key itself does not carry it. */
  siblingSamples?: (name: string, keys: ReadonlySet<string>) => number | null;
  /** Keys this rule maps in a project with the default skills and benchmarks, and what they feed. */
  examples: { key: string; feeds: string }[];
}

/** The largest N > 1 among keys `<prefix><pattern with N>` (e.g. `eval/ds/pass_at_8` next to `eval/ds/avg_score`). */
function largestSiblingN(prefix: string, rest: RegExp): (name: string, keys: ReadonlySet<string>) => number | null {
  return (name, keys) => {
    const p = prefix.replace("{name}", name);
    let best: number | null = null;
    for (const k of keys) {
      if (!k.startsWith(p)) continue;
      const m = rest.exec(k.slice(p.length));
      const n = m ? Number(m[1]) : NaN;
      if (n > 1 && (best === null || n > best)) best = n;
    }
    return best;
  };
}

const VERL_VARS = "(?:acc|reward|score)";

export const BUILT_IN_RULES: readonly BuiltInRule[] = [
  {
    id: "trl-train-reward",
    framework: "TRL",
    shape: "rewards/<reward_func>/mean",
    description: "GRPOTrainer's mean reward of one reward function over the step's completions (also `train/rewards/…` through the W&B and TensorBoard callbacks).",
    measure: "pass_rate",
    phase: "train",
    regex: /^(?:train\/)?rewards\/(?<name>.+)\/mean$/,
    examples: [
      { key: "rewards/localization_reward/mean", feeds: "localization · Pass@1" },
      { key: "train/rewards/unit_tests/mean", feeds: "unit_test · Pass@1" },
    ],
  },
  {
    id: "verl-val-core",
    framework: "verl",
    shape: "val-core/<data_source>/<acc|reward|score>/mean@<N>",
    description: "verl's validation mean over N samples per prompt of a data source's core variable; `mean_at_N` is the same key through MLflow, `mean_N` through TensorBoard (tensorboardX writes `@` as `_`).",
    measure: "pass_rate",
    phase: "eval",
    regex: new RegExp(`^val-core/(?<name>.+)/${VERL_VARS}/mean(?:@|_at_|_)(?<n>\\d+)$`),
    examples: [
      { key: "val-core/SWE-bench_Verified/reward/mean@4", feeds: "swe_verified · Avg@4 (reported)" },
      { key: "val-core/princeton-nlp/SWE-bench_Verified/acc/mean_at_8", feeds: "swe_verified · Avg@8 (reported)" },
      { key: "val-core/editing/reward/mean@3", feeds: "editing · Pass@1 (Avg@3)" },
    ],
  },
  {
    id: "verl-val-aux",
    framework: "verl",
    shape: "val-aux/<data_source>/<acc|reward|score>/mean@<N>",
    description: "The same mean for a variable verl files under val-aux (e.g. `reward` when the core variable is `acc`). best@N, maj@N, worst@N and std@N are not pass rates and stay unmapped.",
    measure: "pass_rate",
    phase: "eval",
    regex: new RegExp(`^val-aux/(?<name>.+)/${VERL_VARS}/mean(?:@|_at_|_)(?<n>\\d+)$`),
    examples: [{ key: "val-aux/terminal-bench/score/mean@2", feeds: "terminal_bench · Avg@2 (reported)" }],
  },
  {
    id: "verl-test-score",
    framework: "verl",
    shape: "test_score/<data_source>",
    description: "verl's offline `main_eval`: mean reward of a data source.",
    measure: "pass_rate",
    phase: "eval",
    regex: /^test_score\/(?<name>.+)$/,
    examples: [{ key: "test_score/swebench_multilingual", feeds: "swe_multilingual · Avg@N (reported)" }],
  },
  {
    id: "trl-eval-reward",
    framework: "TRL",
    shape: "eval_rewards/<reward_func>/mean",
    description: "GRPOTrainer's mean reward of a reward function in evaluation (`eval/rewards/…` through W&B and TensorBoard).",
    measure: "pass_rate",
    phase: "eval",
    regex: /^eval(?:_|\/)rewards\/(?<name>.+)\/mean$/,
    examples: [{ key: "eval_rewards/security_reward/mean", feeds: "security · Avg@N (reported)" }],
  },
  {
    id: "skyrl-eval-avg-score",
    framework: "SkyRL",
    shape: "eval/<data_source>/avg_score",
    description: "SkyRL's mean reward of a data source's eval samples; N comes from the sibling `eval/<data_source>/pass_at_<N>` (pass@N itself is not a pass rate per attempt and stays unmapped).",
    measure: "pass_rate",
    phase: "eval",
    regex: /^eval\/(?<name>.+)\/avg_score$/,
    siblingSamples: largestSiblingN("eval/{name}/", /^pass_at_(\d+)$/),
    examples: [{ key: "eval/swe_verified/avg_score", feeds: "swe_verified · Avg@N (reported)" }],
  },
  {
    id: "skyrl-tinker-eval-reward",
    framework: "SkyRL",
    shape: "eval/reward/mean/<data_source>",
    description: "SkyRL-Agent's Tinker trainer: mean eval reward of a data source.",
    measure: "pass_rate",
    phase: "eval",
    regex: /^eval\/reward\/mean\/(?<name>.+)$/,
    examples: [{ key: "eval/reward/mean/terminal_bench", feeds: "terminal_bench · Avg@N (reported)" }],
  },
  {
    id: "rllm-val-pass1",
    framework: "rllm",
    shape: "val/<data_source>/pass@1",
    description: "rllm's validation pass rate over every episode of a data source; N comes from the sibling `val/<data_source>/pass@<N>`.",
    measure: "pass_rate",
    phase: "eval",
    regex: /^val\/(?<name>.+)\/pass(?:@|_at_)1$/,
    siblingSamples: largestSiblingN("val/{name}/", /^pass(?:@|_at_)(\d+)$/),
    examples: [{ key: "val/code_review/pass@1", feeds: "review · Pass@1 (Avg@N)" }],
  },
  {
    id: "rllm-val-steps",
    framework: "rllm",
    shape: "val/<data_source>/<num_steps|steps|steps_collected|num_turns>",
    description: "rllm's per-data-source workflow metric counting environment steps (an episode's `metrics`).",
    measure: "avg_steps",
    phase: "eval",
    regex: /^val\/(?<name>.+)\/(?:num_steps|steps|steps_collected|num_turns)$/,
    examples: [{ key: "val/reproduction/num_steps", feeds: "reproduction · Avg steps" }],
  },
  {
    id: "slime-eval",
    framework: "slime",
    shape: "eval/<dataset>",
    description: "slime's mean reward of an eval dataset (`--eval-prompt-data NAME PATH`); N from the sibling `eval/<dataset>-pass@<N>` when `--log-passrate` is on.",
    measure: "pass_rate",
    phase: "eval",
    regex: /^eval\/(?<name>[^/]+)$/,
    siblingSamples: largestSiblingN("eval/{name}-", /^pass@(\d+)$/),
    examples: [{ key: "eval/refactoring", feeds: "refactoring · Avg@N (reported)" }],
  },
  {
    id: "slime-eval-pass1",
    framework: "slime",
    shape: "eval/<dataset>-pass@1",
    description: "slime's unbiased pass@1 of an eval dataset (`--log-passrate`).",
    measure: "pass_rate",
    phase: "eval",
    regex: /^eval\/(?<name>[^/]+)-pass@1$/,
    siblingSamples: largestSiblingN("eval/{name}-", /^pass@(\d+)$/),
    examples: [{ key: "eval/swe_multilingual-pass@1", feeds: "swe_multilingual · Avg@N (reported)" }],
  },
  {
    id: "openrlhf-eval-pass1",
    framework: "OpenRLHF",
    shape: "eval_<datasource>_pass1",
    description: "OpenRLHF's pass@1 of an eval data source (`eval/eval_…` through W&B and TensorBoard); N from the sibling `eval_<datasource>_pass<N>`.",
    measure: "pass_rate",
    phase: "eval",
    regex: /^(?:eval\/)?eval_(?<name>.+)_pass1$/,
    siblingSamples: (name, keys) =>
      largestSiblingN(`eval_${name}_`, /^pass(\d+)$/)(name, keys) ?? largestSiblingN(`eval/eval_${name}_`, /^pass(\d+)$/)(name, keys),
    examples: [{ key: "eval/eval_swe_verified_pass1", feeds: "swe_verified · Avg@N (reported)" }],
  },
];

/** A built-in rule as the settings page lists it (no functions). */
export interface BuiltInRuleView {
  id: string;
  framework: Framework;
  shape: string;
  description: string;
  measure: Measure;
  phase: Phase;
  examples: { key: string; feeds: string }[];
}

export const builtInRuleViews = (): BuiltInRuleView[] =>
  BUILT_IN_RULES.map(({ id, framework, shape, description, measure, phase, examples }) => ({ id, framework, shape, description, measure, phase, examples }));
