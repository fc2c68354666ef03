import { describe, expect, it } from "vitest";
import type { RecipeParam } from "@/server/recipes/schema";
import { initialValues, parseTags, placeServerError, plannedRunNames, readParam, readParams, readSeeds, selectedSkills } from "./launch-form-model";

const params: Record<string, RecipeParam> = {
  skills: { type: "skills", default: { editing: 1, review: 0.5 } },
  steps: { type: "int", min: 1, max: 100, default: 10 },
  lr: { type: "float", min: 0, max: 1 },
  opt: { type: "enum", values: ["adam", "sgd"], default: "sgd" },
  note: { type: "string", pattern: "^[a-z]*$", default: "x" },
  fast: { type: "bool" },
};
const SKILLS = ["localization", "editing", "review"];

describe("initialValues", () => {
  it("starts from the recipe's defaults", () => {
    expect(initialValues(params, SKILLS)).toEqual({
      skills: { localization: { on: false, weight: "1" }, editing: { on: true, weight: "1" }, review: { on: true, weight: "0.5" } },
      steps: "10",
      lr: "",
      opt: "sgd",
      note: "x",
      fast: false,
    });
  });

  it("prefills a relaunch from the run's config, keeping skills the project no longer lists", () => {
    const v = initialValues(params, SKILLS, { skills: { unit_test: 2 }, steps: 50, lr: 0.3, opt: "adam", fast: true });
    expect(v.skills).toMatchObject({ editing: { on: false }, unit_test: { on: true, weight: "2" } });
    expect([v.steps, v.lr, v.opt, v.fast]).toEqual(["50", "0.3", "adam", true]);
  });

  it("selects every skill when the recipe names none", () => {
    expect(selectedSkills(initialValues({ s: { type: "skills" } }, SKILLS).s)).toEqual(SKILLS);
  });
});

describe("readParam", () => {
  it("checks ranges, integers, patterns and enums like the server", () => {
    expect(readParam(params.steps, "101")).toEqual({ error: "101 is above the maximum 100" });
    expect(readParam(params.steps, "0")).toEqual({ error: "0 is below the minimum 1" });
    expect(readParam(params.steps, "2.5")).toEqual({ error: "expected an integer, got 2.5" });
    expect(readParam(params.steps, "")).toEqual({});
    expect(readParam(params.lr, "")).toEqual({ error: "required" });
    expect(readParam(params.lr, "1e-3")).toEqual({ value: 0.001 });
    expect(readParam(params.lr, "fast")).toEqual({ error: "expected a number" });
    expect(readParam(params.note, "A-1")).toEqual({ error: "'A-1' does not match ^[a-z]*$" });
    expect(readParam(params.opt, "rmsprop")).toEqual({ error: "expected one of adam, sgd" });
    expect(readParam(params.fast, true)).toEqual({ value: true });
  });

  it("needs one skill and positive weights", () => {
    expect(readParam(params.skills, { editing: { on: false, weight: "1" } })).toEqual({ error: "select at least one skill" });
    expect(readParam(params.skills, { editing: { on: true, weight: "0" } })).toEqual({ error: "editing: the weight must be a number > 0" });
    expect(readParam(params.skills, { editing: { on: true, weight: "2" }, review: { on: false, weight: "x" } })).toEqual({ value: { editing: 2 } });
  });

  it("collects params to send and errors per field", () => {
    const v = initialValues(params, SKILLS);
    expect(readParams(params, v).errors).toEqual({ lr: "required" });
    const ok = readParams(params, { ...v, lr: "0.5", steps: "" });
    expect(ok.errors).toEqual({});
    expect(ok.params).toEqual({ skills: { editing: 1, review: 0.5 }, lr: 0.5, opt: "sgd", note: "x", fast: false });
  });
});

describe("run names", () => {
  it("mirrors the server's naming of ablation sets and seeds", () => {
    expect(plannedRunNames({ baseName: "demo", ablation: false, skills: ["editing"] })).toEqual(["demo"]);
    expect(plannedRunNames({ baseName: "demo", ablation: false, skills: [], seeds: 1 })).toEqual(["demo"]);
    expect(plannedRunNames({ baseName: "demo", ablation: true, skills: ["editing", "review"], seeds: 2 })).toEqual([
      "joint-seed1",
      "joint-seed2",
      "only-editing-seed1",
      "only-editing-seed2",
      "only-review-seed1",
      "only-review-seed2",
    ]);
    expect(plannedRunNames({ baseName: "demo", ablation: true, skills: ["editing"], compositeOnly: ["bug_fix"] })).toEqual(["joint", "only-editing", "only-bug_fix"]);
  });

  it("reads seeds and tags", () => {
    expect(readSeeds("")).toEqual({});
    expect(readSeeds("3")).toEqual({ seeds: 3 });
    expect(readSeeds("0").error).toBeDefined();
    expect(readSeeds("2.5").error).toBeDefined();
    expect(parseTags("a, b  c,,a")).toEqual(["a", "b", "c"]);
  });
});

describe("placeServerError", () => {
  it("puts param and option errors next to their fields", () => {
    expect(placeServerError("params.lr: 5 is above the maximum 1")).toEqual({ fields: { "param:lr": "5 is above the maximum 1" }, form: null });
    expect(placeServerError("params.skills.editing: the weight must be a number > 0").fields).toEqual({ "param:skills": "editing: the weight must be a number > 0" });
    expect(placeServerError("seeds: recipe 'x' has no int 'seed' parameter to vary").fields).toEqual({ "option:seeds": "recipe 'x' has no int 'seed' parameter to vary" });
    expect(placeServerError("Sign in with an admin API key to launch or cancel runs.")).toEqual({ fields: {}, form: "Sign in with an admin API key to launch or cancel runs." });
  });

  it("reads tRPC's JSON list of zod issues", () => {
    const msg = JSON.stringify([{ path: ["seeds"], message: "Too big: expected number to be <=100" }]);
    expect(placeServerError(msg).fields).toEqual({ "option:seeds": "Too big: expected number to be <=100" });
  });
});
