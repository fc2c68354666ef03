import { describe, expect, it } from "vitest";
import { diffConfigs, flattenConfig } from "./config-diff";

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
