import { describe, expect, it } from "vitest";
import { trainedColumns } from "./trained-columns";

const SKILLS = ["localization", "editing", "unit_test", "review", "reproduction"];
const KNOWN = [...SKILLS, "swe_verified", "security"];
const run = (name: string, config: Record<string, unknown> = {}, tags: string[] = []) => ({ name, config, tags });

describe("trainedColumns", () => {
  it("reads the skills parameter of a launched run (weights > 0)", () => {
    expect(trainedColumns(run("x", { skills: { editing: 1, review: 0.5, unit_test: 0 } }), SKILLS)).toEqual({ columns: ["editing", "review"], rule: "config" });
    expect(trainedColumns(run("x", { train: { skills: ["editing"] } }), SKILLS)?.columns).toEqual(["editing"]);
    expect(trainedColumns(run("x", { skills: "editing, review" }), SKILLS)?.columns).toEqual(["editing", "review"]);
  });
  it("reads a composite-only run from train_composite / trainComposite before its skills", () => {
    const launched = run("only-bug_fix", { skills: { editing: 1, review: 1 }, train_composite: "bug_fix" }, ["only-bug_fix", "composite-only"]);
    expect(trainedColumns(launched, SKILLS, KNOWN)).toEqual({ columns: ["bug_fix"], rule: "config", compositeOnly: true });
    expect(trainedColumns(run("x", { trainComposite: "swe_verified", skills: {} }), SKILLS, KNOWN)?.columns).toEqual(["swe_verified"]);
    expect(trainedColumns(run("x", { skills: { editing: 1 }, train_composite: "none", trainComposite: null }), SKILLS)).toEqual({ columns: ["editing"], rule: "config" });
  });
  it("falls back to only-<x> and joint tags", () => {
    expect(trainedColumns(run("x", {}, ["only-unit_test"]), SKILLS, KNOWN)).toEqual({ columns: ["unit_test"], rule: "tags" });
    expect(trainedColumns(run("x", {}, ["joint"]), SKILLS, KNOWN)).toEqual({ columns: SKILLS, rule: "tags" });
    expect(trainedColumns(run("x", {}, ["only-swe_verified"]), SKILLS, KNOWN)?.columns).toEqual(["swe_verified"]);
  });
  it("then to the name", () => {
    expect(trainedColumns(run("only-editing-seed2"), SKILLS, KNOWN)).toEqual({ columns: ["editing"], rule: "name" });
    expect(trainedColumns(run("joint-seed1"), SKILLS, KNOWN)?.columns).toEqual(SKILLS);
  });
  it("is unknown for a baseline", () => {
    expect(trainedColumns(run("sft"), SKILLS, KNOWN)).toBeNull();
    expect(trainedColumns(run("only-something-else"), SKILLS, KNOWN)).toBeNull();
  });
});
