import { describe, expect, it } from "vitest";
import { DEFAULT_BENCHMARKS, DEFAULT_SKILLS } from "../projects/defaults";
import { resolveSignature } from "./signature";
import type { MappingContext } from "./types";

const ctx = (over: Partial<MappingContext> = {}): MappingContext => ({ skills: DEFAULT_SKILLS, benchmarks: DEFAULT_BENCHMARKS, aliases: [], rules: [], ...over });

describe("resolveSignature", () => {
  it("fills skills and benchmarks from verl and TRL keys", () => {
    const s = resolveSignature(
      ["val-core/SWE-bench_Verified/reward/mean@4", "rewards/editing_reward/mean", "val/reproduction/num_steps", "train/kl", "critic/score/mean"],
      ctx(),
    );
    expect(s.pass1.editing.key).toBe("rewards/editing_reward/mean");
    expect(s.avgSteps.reproduction.key).toBe("val/reproduction/num_steps");
    expect(s.reported.swe_verified).toMatchObject({ key: "val-core/SWE-bench_Verified/reward/mean@4", samples: 4 });
    expect(Object.keys(s.pass1)).toEqual(["editing"]);
    expect(s.skills).toEqual(DEFAULT_SKILLS);
    expect(s.benchmarks).toEqual(DEFAULT_BENCHMARKS);
  });

  it("lets Skillboard's own keys win over mapped ones", () => {
    const s = resolveSignature(["rewards/editing/mean", "skill/editing/pass@1", "skill/editing/avg_steps", "val/editing/num_steps"], ctx());
    expect(s.pass1.editing).toMatchObject({ key: "skill/editing/pass@1", native: true });
    expect(s.avgSteps.editing).toMatchObject({ key: "skill/editing/avg_steps", native: true });
  });

  it("prefers a training pass rate over an eval mean for a skill, and val-core over val-aux", () => {
    const s = resolveSignature(["val-core/editing/reward/mean@4", "rewards/editing/mean", "val-aux/swe_verified/reward/mean@4", "val-core/swe_verified/acc/mean@4"], ctx());
    expect(s.pass1.editing.key).toBe("rewards/editing/mean");
    expect(s.reported.swe_verified.key).toBe("val-core/swe_verified/acc/mean@4");
  });

  it("prefers project rules over built-in ones", () => {
    const s = resolveSignature(
      ["val-core/swe_verified/reward/mean@4", "mine/swe/solved"],
      ctx({ rules: [{ id: 7, pattern: "mine/swe/solved", target: "swe_verified", kind: "avg@k", samples: 2 }] }),
    );
    expect(s.reported.swe_verified).toMatchObject({ key: "mine/swe/solved", rule: "project:7", samples: 2 });
  });

  it("keeps native eval/<name>/avg@k as logged, and lists extra skills and benchmarks after the project's", () => {
    const s = resolveSignature(["eval/custom_bench/avg@3", "eval/swe_verified/avg@3", "skill/extra_skill/pass@1", "val-core/swe_verified/reward/mean@4"], ctx());
    expect(s.logged.swe_verified.key).toBe("eval/swe_verified/avg@3");
    expect(s.reported.swe_verified.key).toBe("val-core/swe_verified/reward/mean@4");
    expect(s.skills.at(-1)).toBe("extra_skill");
    expect(s.benchmarks.at(-1)).toBe("custom_bench");
  });
});
