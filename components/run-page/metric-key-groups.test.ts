import { describe, expect, it } from "vitest";
import { groupOtherKeys, keyMatcher, skillsToShow } from "./metric-key-groups";

describe("skillsToShow", () => {
  it("keeps the project's order and appends skills found only in keys", () => {
    expect(skillsToShow(["b", "a"], ["skill/a/pass@1", "skill/zeta/avg_steps", "skill/b/reward", "skill/c/reward"])).toEqual(["b", "a", "zeta"]);
  });
});

describe("groupOtherKeys", () => {
  it("groups by prefix, skips keys shown elsewhere, puts un-prefixed keys last", () => {
    const groups = groupOtherKeys(["train/kl", "lr", "perf/tps", "train/entropy", "skill/a/pass@1"], new Set(["skill/a/pass@1"]));
    expect(groups).toEqual([
      { prefix: "perf", keys: ["perf/tps"] },
      { prefix: "train", keys: ["train/entropy", "train/kl"] },
      { prefix: "general", keys: ["lr"] },
    ]);
  });
});

describe("keyMatcher", () => {
  it("matches substrings, regexes, and survives invalid regexes", () => {
    expect(keyMatcher("KL")("train/kl")).toBe(true);
    expect(keyMatcher("^perf/")("train/perf")).toBe(false);
    expect(keyMatcher("avg@(")("eval/x/avg@(")).toBe(true);
    expect(keyMatcher("")("anything")).toBe(true);
  });
});
