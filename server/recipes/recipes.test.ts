import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadRecipeFile, loadRecipes } from "./load";
import { renderArgv, resolveParams } from "./render";

function writeRecipe(body: string, name = "r.yaml"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "recipes-"));
  fs.writeFileSync(path.join(dir, name), body);
  return path.join(dir, name);
}

const GOOD = `
name: grpo
argv: ["python", "train.py", "--lr={{lr}}", "--skills", "{{skills}}", "--note", "{{note}}"]
params:
  lr: {type: float, min: 0, max: 1, default: 0.001}
  steps: {type: int, min: 1, max: 1000, default: 10}
  note: {type: string, pattern: "^[^\\n]*$", default: "x"}
  mode: {type: enum, values: [fast, slow], default: fast}
  verbose: {type: bool, default: false}
  skills: {type: skills, default: {editing: 1, review: 0.5}}
resources: {gpus: 2}
retry: {maxAttempts: 3}
`;

describe("recipe loading", () => {
  it("loads a valid recipe with its defaults", () => {
    const r = loadRecipeFile(writeRecipe(GOOD));
    expect(r).toMatchObject({ name: "grpo", pool: "local", resources: { gpus: 2 }, retry: { maxAttempts: 3 } });
  });

  it("names the file and the field in errors", () => {
    const file = writeRecipe(GOOD.replace("type: float", "type: decimal"));
    expect(() => loadRecipeFile(file)).toThrow(new RegExp(`${file}: params\\.lr`));
    expect(() => loadRecipeFile(writeRecipe("name: x\nargv: []\n"))).toThrow(/argv: must name the program/);
    expect(() => loadRecipeFile(writeRecipe(GOOD.replace("{{note}}", "{{nope}}")))).toThrow(/argv\.6: '\{\{nope\}\}' names no parameter/);
    expect(() => loadRecipeFile(writeRecipe(GOOD.replace("default: 0.001", "default: 7")))).toThrow(/params\.lr\.default: 7 is outside/);
    expect(() => loadRecipeFile(writeRecipe("name: [unclosed"))).toThrow(/not valid YAML/);
    expect(() => loadRecipeFile(writeRecipe(GOOD + "surprise: 1\n"))).toThrow(/Unrecognized key/i);
  });

  it("refuses two recipes with one name", () => {
    const file = writeRecipe(GOOD, "a.yaml");
    fs.writeFileSync(path.join(path.dirname(file), "b.yml"), GOOD);
    expect(() => loadRecipes([path.dirname(file)])).toThrow(/b\.yml: name: 'grpo' is already defined/);
  });
});

describe("params and argv", () => {
  const recipe = loadRecipeFile(writeRecipe(GOOD));
  const skills = ["localization", "editing", "unit_test", "review", "reproduction"];

  it("merges defaults and checks types, ranges, patterns, enums and skills, naming the param", () => {
    expect(resolveParams(recipe, { lr: 0.5 }, skills)).toMatchObject({ lr: 0.5, steps: 10, mode: "fast", skills: { editing: 1, review: 0.5 } });
    expect(() => resolveParams(recipe, { lr: 2 }, skills)).toThrow(/params\.lr: 2 is above the maximum 1/);
    expect(() => resolveParams(recipe, { steps: 1.5 }, skills)).toThrow(/params\.steps: expected an integer/);
    expect(() => resolveParams(recipe, { mode: "medium" }, skills)).toThrow(/params\.mode: expected one of fast, slow/);
    expect(() => resolveParams(recipe, { verbose: "yes" }, skills)).toThrow(/params\.verbose/);
    expect(() => resolveParams(recipe, { skills: { cooking: 1 } }, skills)).toThrow(/params\.skills\.cooking: not a skill/);
    expect(() => resolveParams(recipe, { skills: { editing: 0 } }, skills)).toThrow(/params\.skills\.editing: the weight/);
    expect(() => resolveParams(recipe, { unknown: 1 }, skills)).toThrow(/params\.unknown: recipe 'grpo' has no such parameter/);
    expect(() => resolveParams(recipe, { note: "a\nb" }, skills)).toThrow(/params\.note: [^]*does not match/);
  });

  it("substitutes inside single elements: a hostile value stays one literal argument", () => {
    const values = resolveParams(recipe, { note: "--x; rm -rf /" }, skills);
    const argv = renderArgv(recipe.argv, values);
    expect(argv).toEqual(["python", "train.py", "--lr=0.001", "--skills", "editing=1,review=0.5", "--note", "--x; rm -rf /"]);
  });
});
