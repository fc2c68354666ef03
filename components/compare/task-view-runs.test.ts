import { describe, expect, it } from "vitest";
import { MAX_TASK_GRID_RUNS } from "@/server/tasks/task-grid";
import { TASK_VIEW_MAX_RUNS, taskViewRuns } from "./task-view-runs";

const runs = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}`, name: `run ${i}` }));

describe("taskViewRuns", () => {
  it("takes as many runs as the task grid does", () => {
    expect(TASK_VIEW_MAX_RUNS).toBe(MAX_TASK_GRID_RUNS);
  });
  it("keeps every run when they fit", () => {
    expect(taskViewRuns(runs(3), [])).toEqual({ runs: runs(3), note: null });
  });
  it("shows the first seed of each configuration when the runs are too many", () => {
    const all = runs(200);
    const configurations = Array.from({ length: 20 }, (_, c) => ({ label: `cfg${c}`, runIds: Array.from({ length: 10 }, (_, s) => `r${s * 20 + c}`) }));
    const r = taskViewRuns(all, configurations);
    expect(r.runs.map((x) => x.id)).toEqual(Array.from({ length: 20 }, (_, c) => `r${c}`));
    expect(r.note).toMatch(/first seed of each of the 20 configurations/);
  });
  it("shows the first runs when even the configurations are too many", () => {
    const r = taskViewRuns(runs(30), runs(30).map((x) => ({ label: x.name, runIds: [x.id] })));
    expect(r.runs).toHaveLength(TASK_VIEW_MAX_RUNS);
    expect(r.note).toMatch(/first 20 of 30/);
  });
});
