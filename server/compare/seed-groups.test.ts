import { describe, expect, it } from "vitest";
import { configWithoutSeed, deepEqual, groupConfigurations, nameStem, seedOf } from "./seed-groups";

const run = (id: string, name: string, config: Record<string, unknown>) => ({ id, name, config });

describe("configuration of a run", () => {
  it("drops seed keys at any depth", () => {
    expect(configWithoutSeed({ seed: 1, lr: 0.1, trainer: { seed: 2, g: 8 } })).toEqual({ lr: 0.1, trainer: { g: 8 } });
    expect(seedOf({ lr: 0.1, trainer: { seed: 2 } })).toBe(2);
    expect(seedOf({ lr: 0.1 })).toBeUndefined();
  });
  it("compares configs deeply, ignoring key order", () => {
    expect(deepEqual({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
  });
});

describe("nameStem", () => {
  it("strips seed suffixes when they are all that differs", () => {
    expect(nameStem(["joint-seed1", "joint-seed2", "joint-seed3"])).toBe("joint");
    expect(nameStem(["only-editing_s1", "only-editing_s2"])).toBe("only-editing");
    expect(nameStem(["editing seed=1", "editing seed=2"])).toBe("editing");
  });
  it("falls back to the common prefix, then the first name", () => {
    expect(nameStem(["grpo-a", "grpo-b"])).toBe("grpo");
    expect(nameStem(["x1", "y2"])).toBe("x1");
    expect(nameStem(["solo"])).toBe("solo");
  });
  it("does not eat a name that merely ends in digits", () => {
    expect(nameStem(["gpt2", "gpt2"])).toBe("gpt2");
  });
});

describe("groupConfigurations", () => {
  const runs = [
    run("j1", "joint-seed1", { recipe: "r", skills: { editing: 1, review: 1 }, seed: 1 }),
    run("e1", "only-editing-seed1", { recipe: "r", skills: { editing: 1 }, seed: 1 }),
    run("j2", "joint-seed2", { seed: 2, skills: { review: 1, editing: 1 }, recipe: "r" }),
    run("e2", "only-editing-seed2", { recipe: "r", skills: { editing: 1 }, seed: 2 }),
    run("j3", "joint-seed3", { recipe: "r", skills: { editing: 1, review: 1 }, seed: 3 }),
    run("sft", "sft", {}),
    run("ref", "reference", {}),
  ];
  it("merges runs that differ only in seed, in first-appearance order", () => {
    const groups = groupConfigurations(runs);
    expect(groups.map((g) => [g.key, g.label, g.runs.map((r) => r.id)])).toEqual([
      ["j1", "joint", ["j1", "j2", "j3"]],
      ["e1", "only-editing", ["e1", "e2"]],
      ["sft", "sft", ["sft"]],
      ["ref", "reference", ["ref"]],
    ]);
    expect(groups[0].seeds).toEqual([1, 2, 3]);
  });
  it("never merges runs whose configs have no seed", () => {
    expect(groupConfigurations([run("a", "a", {}), run("b", "b", {})])).toHaveLength(2);
  });
  it("keeps every run apart when merging is off", () => {
    expect(groupConfigurations(runs, false)).toHaveLength(runs.length);
  });
});
