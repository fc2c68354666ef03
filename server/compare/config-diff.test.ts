import { describe, expect, it } from "vitest";
import { diffConfigs, diffRowConfigs, flattenConfig, rowConfig } from "./config-diff";

describe("flattenConfig", () => {
  it("turns nesting into dotted paths", () => {
    expect(flattenConfig({ a: { b: 1, c: [10, { d: true }] }, e: {}, f: null })).toEqual({ "a.b": 1, "a.c.0": 10, "a.c.1.d": true, e: {}, f: null });
  });
});

describe("diffConfigs", () => {
  it("keeps only the keys that differ, missing keys included", () => {
    const diff = diffConfigs([
      { recipe: "r", lr: 0.1, seed: 1, skills: { editing: 1, review: 1 } },
      { recipe: "r", lr: 0.1, seed: 2, skills: { editing: 1 } },
      { recipe: "r", lr: 0.2, seed: 3, skills: { editing: 1 } },
    ]);
    expect(diff.paths).toEqual(["lr", "seed", "skills.review"]);
    expect(diff.values).toEqual([
      { lr: 0.1, seed: 1, "skills.review": 1 },
      { lr: 0.1, seed: 2 },
      { lr: 0.2, seed: 3 },
    ]);
  });
  it("is empty for identical configs", () => {
    expect(diffConfigs([{ a: [1, 2] }, { a: [1, 2] }]).paths).toEqual([]);
  });
});

describe("diffRowConfigs", () => {
  it("shows a row of seeds as one config whose seed keys list the seeds", () => {
    const joint = [1, 2, 3].map((seed) => ({ recipe: "r", skills: { editing: 1, review: 1 }, trainer: { seed: seed * 10 }, seed }));
    expect(rowConfig(joint)).toEqual({ recipe: "r", skills: { editing: 1, review: 1 }, trainer: { seed: "10, 20, 30" }, seed: "1, 2, 3" });
    const diff = diffRowConfigs([joint, [{ recipe: "r", skills: { editing: 1 }, trainer: { seed: 10 }, seed: 1 }]]);
    expect(diff.paths).toEqual(["seed", "skills.review", "trainer.seed"]);
    expect(diff.values[0]).toEqual({ seed: "1, 2, 3", "skills.review": 1, "trainer.seed": "10, 20, 30" });
    expect(diff.values[1]).toEqual({ seed: 1, "trainer.seed": 10 });
  });
  it("shortens a long seed list", () => {
    const seeds = Array.from({ length: 10 }, (_, seed) => ({ seed }));
    expect(rowConfig(seeds)).toEqual({ seed: "0, 1, 2, 3, 4, 5, 6, 7, … (10 seeds)" });
  });
});
