import { describe, expect, it } from "vitest";
import { DEFAULT_BENCHMARKS, DEFAULT_SKILLS } from "../projects/defaults";
import { BUILT_IN_RULES } from "./built-in-rules";
import { describeMapped, MetricKeyMapper } from "./map-key";
import type { MappingContext, ProjectRule } from "./types";

const ctx = (over: Partial<MappingContext> = {}): MappingContext => ({ skills: DEFAULT_SKILLS, benchmarks: DEFAULT_BENCHMARKS, aliases: [], rules: [], ...over });
const map = (key: string, c = ctx(), siblings?: string[]) => new MetricKeyMapper(c).map(key, new Set([key, ...(siblings ?? [])]));
const feeds = (key: string, c = ctx(), siblings?: string[]) => {
  const m = map(key, c, siblings);
  return m ? describeMapped(m) : null;
};

describe("verl", () => {
  it("reads val-core mean@N of a data source as that benchmark's Avg@N, reported by the trainer", () => {
    expect(map("val-core/swe_verified/reward/mean@4")).toMatchObject({
      target: { kind: "benchmark", id: "swe_verified" },
      measure: "pass_rate",
      phase: "eval",
      samples: 4,
      native: false,
      rule: "verl-val-core",
      name: "swe_verified",
      via: "id",
    });
  });
  it("reads MLflow's spelling mean_at_N the same way", () => {
    expect(map("val-core/swe_verified/reward/mean_at_16")).toMatchObject({ target: { id: "swe_verified" }, samples: 16, rule: "verl-val-core" });
  });
  it("takes data sources with a hub prefix and slashes (the last segment resolves)", () => {
    expect(map("val-core/princeton-nlp/SWE-bench_Verified/acc/mean@8")).toMatchObject({
      target: { kind: "benchmark", id: "swe_verified" },
      name: "princeton-nlp/SWE-bench_Verified",
      via: "built-in alias",
      samples: 8,
    });
  });
  it("reads val-aux means of acc, reward and score, after val-core", () => {
    expect(map("val-core/swe_verified/reward/mean_4")).toMatchObject({ target: { id: "swe_verified" }, samples: 4 }); // through TensorBoard
    expect(map("val-aux/terminal-bench/score/mean@2")).toMatchObject({ target: { id: "terminal_bench" }, rule: "verl-val-aux", samples: 2 });
  });
  it("feeds a skill-named data source into that skill's Pass@1", () => {
    expect(feeds("val-core/editing/reward/mean@3")).toBe("editing · Pass@1 (Avg@3)");
  });
  it("leaves best@N, maj@N, worst@N, std@N and other variables unmapped", () => {
    for (const key of [
      "val-core/swe_verified/reward/best@4/mean",
      "val-core/swe_verified/reward/maj@4/mean",
      "val-core/swe_verified/reward/best_at_4/mean",
      "val-aux/swe_verified/reward/worst@4/mean",
      "val-aux/swe_verified/reward/std@4",
      "val-aux/swe_verified/format_ok/mean@4",
      "val-aux/num_turns/mean",
    ]) {
      expect(map(key), key).toBeNull();
    }
  });
  it("reads main_eval's test_score/<data_source>", () => {
    expect(feeds("test_score/swebench_multilingual")).toBe("swe_multilingual · Avg@N (reported)");
  });
});

describe("TRL", () => {
  it("reads rewards/<func>/mean of a skill-named reward function as its training Pass@1", () => {
    expect(map("rewards/localization_reward/mean")).toMatchObject({
      target: { kind: "skill", id: "localization" },
      measure: "pass_rate",
      phase: "train",
      rule: "trl-train-reward",
      name: "localization_reward",
    });
    expect(feeds("train/rewards/unit_tests/mean")).toBe("unit_test · Pass@1");
  });
  it("reads eval_rewards/<func>/mean (and eval/rewards/…) as a reported eval mean", () => {
    expect(feeds("eval_rewards/security_reward/mean")).toBe("security · Avg@N (reported)");
    expect(feeds("eval/rewards/swe_verified/mean")).toBe("swe_verified · Avg@N (reported)");
  });
  it("leaves the std, the overall reward and lengths alone", () => {
    for (const key of ["rewards/localization_reward/std", "reward", "reward_std", "completions/mean_length", "rewards/format_reward/mean"]) expect(map(key), key).toBeNull();
  });
  it("never feeds a benchmark from a training reward", () => {
    expect(map("rewards/swe_verified/mean")).toBeNull();
  });
});

describe("SkyRL", () => {
  it("reads eval/<data_source>/avg_score, with N from the sibling pass_at_N", () => {
    expect(map("eval/swe_verified/avg_score", ctx(), ["eval/swe_verified/pass_at_8", "eval/swe_verified/mean_positive_reward"])).toMatchObject({
      target: { id: "swe_verified" },
      samples: 8,
      rule: "skyrl-eval-avg-score",
    });
    expect(map("eval/swe_verified/avg_score")?.samples).toBeNull();
  });
  it("does not read pass_at_N (any of N attempts) as a pass rate", () => {
    expect(map("eval/swe_verified/pass_at_8")).toBeNull();
    expect(map("eval/all/avg_score")).toBeNull();
  });
  it("reads SkyRL-Agent's tinker eval/reward/mean/<data_source>", () => {
    expect(feeds("eval/reward/mean/terminal_bench")).toBe("terminal_bench · Avg@N (reported)");
  });
});

describe("rllm", () => {
  it("reads val/<data_source>/pass@1 with N from the sibling pass@N", () => {
    expect(map("val/code_review/pass@1", ctx(), ["val/code_review/pass@4"])).toMatchObject({
      target: { kind: "skill", id: "review" },
      samples: 4,
      rule: "rllm-val-pass1",
      via: "built-in alias",
    });
    expect(map("val/code_review/pass@4")).toBeNull();
  });
  it("reads a per-source step count as the skill's avg steps", () => {
    expect(feeds("val/reproduction/num_steps")).toBe("reproduction · Avg steps");
    expect(feeds("val/repro/steps_collected")).toBe("reproduction · Avg steps");
  });
});

describe("slime and OpenRLHF", () => {
  it("reads slime's eval/<dataset> and eval/<dataset>-pass@1", () => {
    expect(map("eval/refactoring", ctx(), ["eval/refactoring-pass@4", "eval/refactoring-pass@2"])).toMatchObject({ target: { id: "refactoring" }, samples: 4, rule: "slime-eval" });
    expect(map("eval/swe_multilingual-pass@1")).toMatchObject({ target: { id: "swe_multilingual" }, rule: "slime-eval-pass1" });
    expect(map("eval/refactoring-truncated_ratio")).toBeNull();
    expect(map("eval/step")).toBeNull();
  });
  it("reads OpenRLHF's eval_<ds>_pass1, raw or under eval/", () => {
    expect(map("eval_swe_verified_pass1", ctx(), ["eval_swe_verified_pass4"])).toMatchObject({ target: { id: "swe_verified" }, samples: 4, rule: "openrlhf-eval-pass1" });
    expect(map("eval/eval_terminal_bench_pass1", ctx(), ["eval/eval_terminal_bench_pass8"])).toMatchObject({ target: { id: "terminal_bench" }, samples: 8 });
    expect(map("eval_swe_verified_pass4")).toBeNull();
  });
});

describe("native keys", () => {
  it("reads Skillboard's own keys as native, for any skill name", () => {
    expect(map("skill/editing/pass@1")).toMatchObject({ native: true, rule: "skillboard", target: { kind: "skill", id: "editing" }, phase: "train" });
    expect(map("skill/my_skill/avg_steps")).toMatchObject({ native: true, measure: "avg_steps", target: { id: "my_skill" } });
    expect(map("eval/swe_verified/avg@3")).toMatchObject({ native: true, phase: "eval", samples: 3, target: { kind: "benchmark", id: "swe_verified" } });
    expect(map("eval/editing/avg@3")).toMatchObject({ native: true, target: { kind: "skill", id: "editing" } });
  });
});

describe("names, aliases and project rules", () => {
  it("leaves keys that name nothing of the project untouched", () => {
    for (const key of ["val-core/gsm8k/reward/mean@4", "rewards/accuracy_reward/mean", "train/kl", "perf/tokens_per_s", "eval/gsm8k/avg_score", "val/math/pass@1"]) {
      expect(map(key), key).toBeNull();
    }
  });
  it("knows the default aliases of the five skills and five benchmarks", () => {
    const cases: [string, string][] = [
      ["SWE-bench_Verified", "swe_verified"],
      ["swe-bench-verified", "swe_verified"],
      ["swebench_verified", "swe_verified"],
      ["SWE-bench Multilingual", "swe_multilingual"],
      ["terminal-bench", "terminal_bench"],
      ["tbench", "terminal_bench"],
      ["refactor_bench", "refactoring"],
      ["sec-bench", "security"],
      ["fault_localization", "localization"],
      ["code-edit", "editing"],
      ["unit-tests", "unit_test"],
      ["code_review", "review"],
      ["bug_reproduction", "reproduction"],
    ];
    for (const [name, id] of cases) expect(map(`val-core/${name}/reward/mean@3`)?.target.id, name).toBe(id);
  });
  it("applies a built-in alias only when the project has its target", () => {
    expect(map("val-core/SWE-bench_Verified/reward/mean@4", ctx({ benchmarks: ["terminal_bench"] }))).toBeNull();
  });
  it("lets a project alias add a name and override a built-in one", () => {
    const c = ctx({ aliases: [{ alias: "my_swe_set", target: "swe_verified" }, { alias: "tbench", target: "security" }] });
    expect(map("val-core/My-SWE-Set/reward/mean@4", c)).toMatchObject({ target: { id: "swe_verified" }, via: "alias" });
    expect(map("val-core/tbench/reward/mean@4", c)).toMatchObject({ target: { id: "security" }, via: "alias" });
    expect(map("val-core/My-SWE-Set/reward/mean@4")).toBeNull();
  });
  it("applies project rules before built-in ones: {name} resolved, {k} as samples, @ matching _at_", () => {
    const rules: ProjectRule[] = [
      { id: 1, pattern: "custom/{name}/solve_rate@{k}", target: "{name}", kind: "avg@k", samples: null },
      { id: 2, pattern: "env/find_files/*", target: "localization", kind: "pass@1", samples: null },
      { id: 3, pattern: "val-core/swe_verified/*", target: "security", kind: "avg@k", samples: 5 },
      { id: 4, pattern: "agent/{name}/turns", target: "{name}", kind: "avg_steps", samples: null },
    ];
    const c = ctx({ rules });
    expect(map("custom/SWE-bench_Verified/solve_rate_at_3", c)).toMatchObject({ target: { id: "swe_verified" }, samples: 3, rule: "project:1", phase: "eval" });
    expect(map("env/find_files/success", c)).toMatchObject({ target: { kind: "skill", id: "localization" }, phase: "train", via: "rule target", rule: "project:2" });
    expect(map("val-core/swe_verified/reward/mean@4", c)).toMatchObject({ target: { id: "security" }, samples: 5, rule: "project:3" });
    expect(map("agent/editing/turns", c)).toMatchObject({ measure: "avg_steps", target: { id: "editing" } });
    expect(map("agent/gsm8k/turns", c)).toBeNull();
  });
});

describe("built-in rules' examples", () => {
  it("map exactly as the settings page and docs say", () => {
    for (const rule of BUILT_IN_RULES) {
      for (const ex of rule.examples) {
        const m = map(ex.key);
        expect(m?.rule, ex.key).toBe(rule.id);
        expect(describeMapped(m!), ex.key).toBe(ex.feeds);
      }
    }
  });
});
