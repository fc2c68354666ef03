import { describe, expect, it } from "vitest";
import { configurationKey, configWithoutSeed, deepEqual, groupConfigurations, nameStem, seedOf } from "./seed-groups";

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

describe("configurationKey", () => {
  it("is the same for configs equal but for seeds and key order, at any depth", () => {
    const a = configurationKey({ lr: 0.1, seed: 1, trainer: { seed: 5, g: [8, { x: 1 }] } });
    expect(a).toBeDefined();
    expect(configurationKey({ trainer: { g: [8, { x: 1 }], seed: 9 }, seed: 2, lr: 0.1 })).toBe(a);
    expect(configurationKey({ lr: 0.2, seed: 1, trainer: { seed: 5, g: [8, { x: 1 }] } })).not.toBe(a);
    expect(configurationKey({ lr: 0.1, seed: 1, trainer: { seed: 5, g: [{ x: 1 }, 8] } })).not.toBe(a);
    // A string "1" is not the number 1; a config without a seed has no key.
    expect(configurationKey({ lr: "0.1", seed: 1, trainer: { seed: 5, g: [8, { x: 1 }] } })).not.toBe(a);
    expect(configurationKey({ lr: 0.1 })).toBeUndefined();
  });
});

describe("groupConfigurations at scale", () => {
  it("folds an ablation set × seeds (20 × 10, interleaved) into 20 configurations in first-appearance order", () => {
    const runs = Array.from({ length: 200 }, (_, i) => {
      const cfg = i % 20;
      const seed = Math.floor(i / 20);
      return run(`r${i}`, `abl${cfg}-seed${seed}`, { recipe: "grpo", ablation: { skills: `set${cfg}` }, seed });
    });
    const groups = groupConfigurations(runs);
    expect(groups).toHaveLength(20);
    expect(groups.map((g) => g.label)).toEqual(Array.from({ length: 20 }, (_, c) => `abl${c}`));
    expect(groups.every((g) => g.runs.length === 10)).toBe(true);
    expect(groups[3].runs.map((r) => r.id)).toEqual(Array.from({ length: 10 }, (_, s) => `r${s * 20 + 3}`));
    expect(groups[3].seeds).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(groups[3].key).toBe("r3");
  });
});
