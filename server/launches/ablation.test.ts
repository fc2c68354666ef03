/** The ablation set of the bundled reference recipe: joint, one only-<skill> run per skill and the composite-only run, each with argv the trainer accepts. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db";
import { parseArgs } from "@/workers/reference-trainer/args";
import { leaseNextJob } from "../jobs/queue";
import { registerWorker } from "../jobs/workers";
import { loadRecipeFile, RecipeError } from "../recipes/load";
import { getRun } from "../runs/service";
import { launch } from "./service";

const RECIPE = loadRecipeFile(path.join(process.cwd(), "recipes", "reference-joint-grpo.yaml"));
let db: Db;

beforeEach(() => {
  db = openDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ablation-")), "a.db"));
  registerWorker(db, { id: "w", host: "h", pool: "local", labels: [], gpus: [], maxJobs: 20 });
});

describe("Launch ablation set (reference recipe)", () => {
  it("adds the composite-only run beside joint and only-<skill>, and its argv trains bug_fix tasks only", () => {
    const r = launch(db, new Map([[RECIPE.name, RECIPE]]), { recipe: RECIPE.name, ablationSet: true, params: { skills: { editing: 1, review: 1 }, train_composite: "bug_fix" } });
    expect(r.runs.map((x) => x.name)).toEqual(["joint", "only-editing", "only-review", "only-bug_fix"]);
    const composite = getRun(db, r.runs[3].id);
    expect(composite.tags).toEqual(expect.arrayContaining(["only-bug_fix", "composite-only"]));
    expect(composite.config).toMatchObject({ train_composite: "bug_fix" });
    // The other runs of the set train skills, whatever the form's composite value was.
    expect(getRun(db, r.runs[0].id).config).toMatchObject({ train_composite: "none", skills: { editing: 1, review: 1 } });

    const argvs = r.runs.map(() => leaseNextJob(db, "w", { pool: "local", freeGpus: 0 }, { leaseMs: 30_000 })!.argv);
    const configs = new Map(argvs.map((argv) => [argv.join(" "), parseArgs(argv.slice(argv.indexOf("workers/reference-trainer/main.ts") + 1)).config]));
    const byComposite = [...configs.values()].map((c) => [c.trainComposite, Object.keys(c.skills).sort().join(",")]);
    expect(byComposite).toEqual(expect.arrayContaining([[null, "editing,review"], [null, "editing"], [null, "review"], ["bug_fix", ""]]));
  });

  it("refuses a recipe whose ablation.compositeOnly names no enum parameter with a default", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ablation-recipe-"));
    const file = path.join(dir, "bad.yaml");
    fs.writeFileSync(file, "name: bad\nargv: [node, x.js]\nparams:\n  seed: {type: int, default: 1}\nablation:\n  compositeOnly: seed\n");
    expect(() => loadRecipeFile(file)).toThrow(RecipeError);
    expect(() => loadRecipeFile(file)).toThrow(/ablation\.compositeOnly: 'seed' must name an enum parameter/);
  });
});
