import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { migrationsFolder, openDatabase, type Db } from "@/db";
import { updateRun } from "./edit";
import { listRunFilterOptions } from "./filter-options";
import { listRunsPage } from "./page";
import { createRun } from "./service";
import { deleteRun, restoreRun } from "./trash";

/** The runs table's filter options from every run of the scope, and the run_tags rows they count, against a real SQLite file. */
let dir: string;
let db: Db;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "runs-options-"));
  db = openDatabase(path.join(dir, "skillboard.db"));
});
const newRun = (o: { group?: string; tags?: string[]; project?: string; status?: "running" | "succeeded" } = {}) =>
  createRun(db, { project: "opts", status: "succeeded", ...o }).run.id;
const tagRows = () => db.$client.prepare("SELECT r.id AS id, t.tag AS tag, t.deleted AS deleted FROM run_tags t JOIN runs r ON r.pk = t.run_pk ORDER BY r.id, t.tag").all();

describe("listRunFilterOptions", () => {
  it("offers every group of the project with its run count, newest group first, beyond any page of runs", () => {
    newRun({ group: "oldest-ablation" });
    for (let i = 0; i < 30; i++) newRun({ group: `sweep-${i % 3}` });
    newRun({ group: "elsewhere", project: "other" });
    // The newest page of runs holds none of the oldest group's runs.
    expect(listRunsPage(db, { project: "opts", limit: 10 }).runs.map((r) => r.group)).not.toContain("oldest-ablation");
    const { options, more } = listRunFilterOptions(db, { project: "opts", field: "group" });
    expect(options).toEqual([
      { value: "sweep-2", count: 10 },
      { value: "sweep-1", count: 10 },
      { value: "sweep-0", count: 10 },
      { value: "oldest-ablation", count: 1 },
    ]);
    expect(more).toBe(false);
    expect(listRunFilterOptions(db, { field: "group" }).options.map((o) => o.value)).toContain("elsewhere");
  });

  it("searches the options and says when more match than were sent", () => {
    for (let i = 0; i < 5; i++) newRun({ group: `Ablation_${i}` });
    newRun({ group: "ablationX" });
    expect(listRunFilterOptions(db, { project: "opts", field: "group", search: "ABLATION_" }).options.map((o) => o.value)).toEqual([4, 3, 2, 1, 0].map((i) => `Ablation_${i}`));
    expect(listRunFilterOptions(db, { project: "opts", field: "group", search: "ablation", limit: 2 })).toMatchObject({ options: [{ value: "ablationX" }, { value: "Ablation_4" }], more: true });
  });

  it("counts runs in the trash only in the Trash view, and drops a group whose runs are all there", () => {
    const a = newRun({ group: "trashed-group", tags: ["gone"] });
    newRun({ group: "kept-group", tags: ["kept"] });
    deleteRun(db, a);
    expect(listRunFilterOptions(db, { project: "opts", field: "group" }).options.map((o) => o.value)).toEqual(["kept-group"]);
    expect(listRunFilterOptions(db, { project: "opts", field: "group", deleted: "only" }).options).toEqual([{ value: "trashed-group", count: 1 }]);
    expect(listRunFilterOptions(db, { project: "opts", field: "tag" }).options).toEqual([{ value: "kept", count: 1 }]);
    expect(listRunFilterOptions(db, { project: "opts", field: "tag", deleted: "include" }).options).toEqual([
      { value: "gone", count: 1 },
      { value: "kept", count: 1 },
    ]);
  });

  it("offers tags by use and statuses in lifecycle order, with counts", () => {
    newRun({ tags: ["joint", "seed-1"] });
    newRun({ tags: ["joint", "seed-2"], status: "running" });
    newRun({ tags: ["joint"] });
    expect(listRunFilterOptions(db, { project: "opts", field: "tag" }).options).toEqual([
      { value: "joint", count: 3 },
      { value: "seed-1", count: 1 },
      { value: "seed-2", count: 1 },
    ]);
    expect(listRunFilterOptions(db, { project: "opts", field: "tag", search: "SEED" }).options.map((o) => o.value)).toEqual(["seed-1", "seed-2"]);
    expect(listRunFilterOptions(db, { project: "opts", field: "status" }).options).toEqual([
      { value: "running", count: 1 },
      { value: "succeeded", count: 2 },
    ]);
  });

  it("refuses an unknown field with 400", () => {
    expect(() => listRunFilterOptions(db, { field: "owner" as "tag" })).toThrow(/field/);
  });
});

describe("run_tags and run_search", () => {
  it("follows each run's tags through creation, edits, the trash and deletion", () => {
    const id = newRun({ tags: ["a", "b"] });
    expect(tagRows()).toEqual([
      { id, tag: "a", deleted: 0 },
      { id, tag: "b", deleted: 0 },
    ]);
    updateRun(db, id, { tags: ["b", "c"] });
    expect(tagRows()).toEqual([
      { id, tag: "b", deleted: 0 },
      { id, tag: "c", deleted: 0 },
    ]);
    deleteRun(db, id);
    expect(tagRows()).toEqual([
      { id, tag: "b", deleted: 1 },
      { id, tag: "c", deleted: 1 },
    ]);
    restoreRun(db, id);
    expect(tagRows().every((r) => (r as { deleted: number }).deleted === 0)).toBe(true);
    db.$client.prepare("DELETE FROM runs WHERE id = ?").run(id); // as purging does
    expect(tagRows()).toEqual([]);
  });

  it("is filled for the runs a database held before the migration that adds it", () => {
    const before = path.join(dir, "before-0012");
    fs.cpSync(migrationsFolder(), before, { recursive: true });
    const journalFile = path.join(before, "meta", "_journal.json");
    const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
    journal.entries = journal.entries.filter((e) => e.tag < "0012");
    fs.writeFileSync(journalFile, JSON.stringify(journal));
    const file = path.join(dir, "old.db");
    const old = openDatabase(file, { migrationsDir: before });
    const project = old.$client.prepare("INSERT INTO projects (name, skills, benchmarks, created_at) VALUES ('p', '[]', '[]', 0)").run().lastInsertRowid;
    old.$client
      .prepare("INSERT INTO runs (id, project_id, name, config, status, created_at, updated_at, tags) VALUES ('old-run', ?, 'old', '{}', 'succeeded', 0, 0, '[\"x\",\"y\"]')")
      .run(project);
    old.$client.close();
    const upgraded = openDatabase(file);
    expect(upgraded.$client.prepare("SELECT tag FROM run_tags ORDER BY tag").pluck().all()).toEqual(["x", "y"]);
    expect(listRunsPage(upgraded, { tag: "y" }).runs.map((r) => r.id)).toEqual(["old-run"]);
    expect(listRunsPage(upgraded, { search: "LD-RU" }).runs.map((r) => r.id)).toEqual(["old-run"]);
  });
});
