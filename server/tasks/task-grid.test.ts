import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db";
import { createRun } from "../runs/service";
import { BlobStore } from "../trajectories/blob-store";
import { appendTrajectoryBatch } from "../trajectories/service";
import { readTaskGrid, type TaskGrid } from "./task-grid";
import { taskGridCsv } from "./task-grid-csv";

let db: Db;
let dir: string;
let a: string;
let b: string;

/** [task, step, outcomes] where an outcome is 1 pass, 0 fail, null unknown (an import with outcomeKnown=false). */
type Spec = [string, number, (0 | 1 | null)[], string?];

async function store(blobs: BlobStore, runId: string, specs: Spec[]) {
  const trajectories = specs.flatMap(([taskId, step, outcomes, skill]) =>
    outcomes.map((o, i) => ({
      skill: skill ?? "editing",
      taskId,
      step,
      sampleIndex: i,
      reward: o ?? 0,
      passed: o === 1,
      turns: [{ role: "assistant", content: `${taskId} ${step} ${i}` }],
      metadata: o == null ? { outcomeKnown: false } : {},
    })),
  );
  await appendTrajectoryBatch(db, blobs, runId, { batchId: `b-${runId}`, trajectories });
}

const cellText = (g: TaskGrid, task: string) =>
  g.rows.find((r) => r.taskId === task)?.cells.map((c) => (c ? `${c.passes}/${c.attempts}${c.unknown ? `?${c.unknown}` : ""}@${c.step}` : "-"));

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-taskgrid-"));
  db = openDatabase(path.join(dir, "t.db"));
  const blobs = new BlobStore(path.join(dir, "blobs"));
  a = createRun(db, { name: "joint" }).run.id;
  b = createRun(db, { name: "editing-only" }).run.id;
  await store(blobs, a, [
    ["t1", 0, [0, 0]],
    ["t1", 5, [1, 1, 0]],
    ["t2", 5, [0, 0]],
    ["t3", 5, [1]],
    ["t4", 5, [null, null, 0]],
    ["t5", 5, [null, null]],
  ]);
  await store(blobs, b, [
    ["t1", 4, [0, 0, 0]],
    ["t2", 5, [1, 0]],
    ["t3", 5, [1]],
    ["t4", 5, [1]],
    ["t5", 5, [0, 0]],
    ["t6", 5, [1], "swe_verified"],
  ]);
});
afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("readTaskGrid", () => {
  it("counts passes out of attempts at each run's last step with the task, sorted by disagreement", () => {
    const g = readTaskGrid(db, { runIds: [a, b] });
    expect(g.tasks).toBe(6);
    expect(g.rows.map((r) => r.taskId)).toEqual(["t4", "t1", "t2", "t3", "t5", "t6"]);
    expect(cellText(g, "t1")).toEqual(["2/3@5", "0/3@4"]);
    expect(cellText(g, "t6")).toEqual(["-", "1/1@5"]);
    expect(g.rows[0].disagreement).toBe(1);
    expect(g.rows[1].disagreement).toBeCloseTo(2 / 3);
  });

  it("leaves unknown outcomes out of rates and never counts them as failures", () => {
    const g = readTaskGrid(db, { runIds: [a, b] });
    const t4 = g.rows.find((r) => r.taskId === "t4")!;
    expect(t4.cells[0]).toMatchObject({ attempts: 3, passes: 0, unknown: 2, rate: 0 });
    const t5 = g.rows.find((r) => r.taskId === "t5")!;
    expect(t5.cells[0]).toMatchObject({ attempts: 2, passes: 0, unknown: 2, rate: null });
    // Only B knows an outcome of t5: no disagreement, and A does not "fail" it.
    expect(t5.disagreement).toBe(0);
  });

  it("counts and filters the tasks one run solves and the other fails", () => {
    const g = readTaskGrid(db, { runIds: [a, b] });
    expect([g.aNotB, g.bNotA]).toEqual([1, 2]);
    expect(readTaskGrid(db, { runIds: [a, b], only: "aNotB" }).rows.map((r) => r.taskId)).toEqual(["t1"]);
    const reverse = readTaskGrid(db, { runIds: [a, b], only: "bNotA" });
    expect(reverse.rows.map((r) => r.taskId)).toEqual(["t4", "t2"]);
    expect(reverse.matching).toBe(2);
    // Swapping the pair swaps the counts.
    expect(readTaskGrid(db, { runIds: [a, b], a: 1, b: 0 })).toMatchObject({ aNotB: 2, bNotA: 1 });
  });

  it("counts one step or every step when asked", () => {
    expect(cellText(readTaskGrid(db, { runIds: [a, b], stepMode: { kind: "all" } }), "t1")).toEqual(["2/5@5", "0/3@4"]);
    const at0 = readTaskGrid(db, { runIds: [a, b], stepMode: { kind: "step", step: 0 } });
    expect(at0.rows.map((r) => r.taskId)).toEqual(["t1"]);
    expect(cellText(at0, "t1")).toEqual(["0/2@0", "-"]);
  });

  it("filters by skill and by train / held-out split", () => {
    expect(readTaskGrid(db, { runIds: [a, b], split: "eval" }).rows.map((r) => r.taskId)).toEqual(["t6"]);
    expect(readTaskGrid(db, { runIds: [a, b], split: "train" }).tasks).toBe(5);
    expect(readTaskGrid(db, { runIds: [a, b], skill: "swe_verified" }).rows.map((r) => r.taskId)).toEqual(["t6"]);
    expect(readTaskGrid(db, { runIds: [a, b], taskIdContains: "t2" }).rows.map((r) => r.taskId)).toEqual(["t2"]);
  });

  it("pages through the whole ordered grid", () => {
    const seen: string[] = [];
    let offset: number | null = 0;
    while (offset != null) {
      const page = readTaskGrid(db, { runIds: [a, b], sort: "task", limit: 4, offset });
      seen.push(...page.rows.map((r) => r.taskId));
      offset = page.nextOffset;
    }
    expect(seen).toEqual(["t1", "t2", "t3", "t4", "t5", "t6"]);
    const past = readTaskGrid(db, { runIds: [a, b], offset: 100 });
    expect(past).toMatchObject({ rows: [], tasks: 6, nextOffset: null });
  });

  it("exports every row under the filters as CSV", () => {
    const csv = taskGridCsv(db, { runIds: [a, b], only: "bNotA" }).trim().split("\n");
    expect(csv[0]).toBe("task_id,skill,joint passes,joint attempts,joint unknown,joint step,editing-only passes,editing-only attempts,editing-only unknown,editing-only step,disagreement");
    expect(csv.slice(1)).toEqual(["t4,editing,0,3,2,5,1,1,0,5,1", "t2,editing,0,2,0,5,1,2,0,5,0.5"]);
  });

  it("refuses a bad pair and unknown runs", () => {
    expect(() => readTaskGrid(db, { runIds: [a, b], a: 0, b: 0 })).toThrow(/two different/);
    expect(() => readTaskGrid(db, { runIds: [a], only: "aNotB" })).toThrow(/two runs/);
    expect(() => readTaskGrid(db, { runIds: [a, "nope"] })).toThrow(/nope/);
  });
});
