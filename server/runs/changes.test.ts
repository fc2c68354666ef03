import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db";
import { appendMetricBatch } from "../metrics/ingest";
import { ensureProject } from "../projects/service";
import { listRunChanges, MAX_CHANGED_RUNS } from "./changes";
import { updateRun } from "./edit";
import { listRunsPage } from "./page";
import { createRun } from "./service";
import { deleteRun } from "./trash";

/** "Live" for the runs table against a real SQLite file: only runs updated since the cursor come back. */
let db: Db;
beforeEach(() => {
  db = openDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "runs-changes-")), "skillboard.db"));
});
const newRun = (name: string, project = "live") => createRun(db, { project, name, status: "running" }).run.id;
/** Moves a run's last update back, as if it had happened before the page was read. */
const age = (id: string, ms = 60_000) => db.$client.prepare("UPDATE runs SET updated_at = updated_at - ? WHERE id = ?").run(ms, id);

describe("listRunChanges", () => {
  it("sends nothing, and no counts, when nothing changed since the cursor", () => {
    const a = newRun("a");
    age(a);
    const { changesCursor } = listRunsPage(db, { project: "live" });
    expect(listRunChanges(db, { project: "live", since: changesCursor + 60_000 })).toMatchObject({ runs: [], gone: [], reset: false, total: null, matched: null });
  });

  it("sends new runs, runs that logged or were edited, and the new counts; not the others", () => {
    const quiet = newRun("quiet");
    const busy = newRun("busy");
    const renamed = newRun("renamed");
    const elsewhere = newRun("elsewhere", "other-project");
    for (const id of [quiet, busy, renamed, elsewhere]) age(id);
    const since = Date.now() - 1;
    appendMetricBatch(db, busy, { batchId: "b1", points: [{ key: "skill/editing/pass@1", step: 1, value: 0.5 }] });
    updateRun(db, renamed, { name: "renamed-again" });
    const fresh = newRun("fresh");
    newRun("fresh-elsewhere", "other-project");
    const changes = listRunChanges(db, { project: "live", since });
    expect(changes.runs.map((r) => r.id).sort()).toEqual([busy, renamed, fresh].sort());
    expect(changes.runs.find((r) => r.id === renamed)?.name).toBe("renamed-again");
    expect(changes).toMatchObject({ gone: [], reset: false, total: 4, matched: 4 });
  });

  it("names the runs that left the list: trashed, or no longer passing the filters", () => {
    const trashed = newRun("joint-1");
    const renamed = newRun("joint-2");
    const kept = newRun("joint-3");
    for (const id of [trashed, renamed, kept]) age(id);
    const since = Date.now() - 1;
    deleteRun(db, trashed);
    updateRun(db, renamed, { name: "single-2" });
    updateRun(db, kept, { notes: "still joint" });
    const changes = listRunChanges(db, { project: "live", search: "joint", since });
    expect(changes.runs.map((r) => r.id)).toEqual([kept]);
    expect(changes.gone.sort()).toEqual([trashed, renamed].sort());
    expect(changes).toMatchObject({ total: 2, matched: 1 });
    // The Trash view hears of the trashed run as a new one.
    expect(listRunChanges(db, { project: "live", deleted: "only", since }).runs.map((r) => r.id)).toEqual([trashed]);
  });

  it("asks for a reload past the most changes a poll sends", () => {
    const insert = db.$client.prepare("INSERT INTO runs (id, project_id, name, config, status, created_at, updated_at, tags) VALUES (?, ?, ?, '{}', 'running', ?, ?, '[]')");
    const project = ensureProject(db, "live").id;
    const now = Date.now();
    db.$client.transaction(() => {
      for (let i = 0; i <= MAX_CHANGED_RUNS; i++) insert.run(`bulk-${i}`, project, `bulk-${i}`, now, now);
    })();
    expect(listRunChanges(db, { project: "live", since: now - 1 })).toMatchObject({ reset: true, runs: [] });
  });

  it("refuses a cursor that is not a time with 400", () => {
    expect(() => listRunChanges(db, { since: -1 })).toThrow(/since/);
  });
});
