import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db";
import { createRun } from "../runs/service";
import { prng, SKILLS, syntheticTrajectory } from "../testing/synthetic-trajectories";
import { BlobStore } from "./blob-store";
import {
  listTrajectories,
  summarizeTrajectories,
  trajectoryNeighbors,
  TRAJECTORY_SORT_KEYS,
  type TrajectoryFilters,
  type TrajectoryIndexRow,
  type TrajectorySortKey,
} from "./list-query";
import { appendTrajectoryBatch } from "./service";

let db: Db;
let dir: string;
let runId: string;
let otherRunId: string;
let all: TrajectoryIndexRow[];

const N = 400;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-trajlist-"));
  db = openDatabase(path.join(dir, "t.db"));
  const blobs = new BlobStore(path.join(dir, "blobs"));
  runId = createRun(db, { name: "list" }).run.id;
  otherRunId = createRun(db, { name: "other" }).run.id;
  const rand = prng(7);
  const trajectories = Array.from({ length: N }, (_, i) => {
    const t = syntheticTrajectory({
      seed: i,
      skill: SKILLS[i % 5],
      step: Math.floor(i / 20),
      taskId: `task-${i % 13}`,
      groupKey: `g-${i % 13}-${Math.floor(i / 20)}`,
      sampleIndex: i % 8,
      rounds: 1 + (i % 6),
      // Ties on reward (0, 0.5, 1) exercise the id tie-break.
      reward: [0, 0.5, 1][Math.floor(rand() * 3)],
    });
    // Some trajectories carry no tokens or durations: NULL index columns.
    if (i % 7 === 0) for (const turn of t.turns) delete (turn as { tokens?: number }).tokens;
    if (i % 11 === 0) for (const turn of t.turns) delete (turn as { durationMs?: number }).durationMs;
    return t;
  });
  await appendTrajectoryBatch(db, blobs, runId, { batchId: "a", trajectories: trajectories.slice(0, 200) });
  await appendTrajectoryBatch(db, blobs, otherRunId, { batchId: "x", trajectories: trajectories.slice(0, 10) });
  await appendTrajectoryBatch(db, blobs, runId, { batchId: "b", trajectories: trajectories.slice(200) });
  all = listTrajectories(db, runId, { limit: 1000 }).trajectories;
});
afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The reference: filter and sort in JavaScript (NULL first ascending, as SQLite does). */
function expected(f: TrajectoryFilters, sort: TrajectorySortKey, dir: "asc" | "desc"): number[] {
  const rows = all.filter(
    (r) =>
      (f.skill == null || r.skill === f.skill) &&
      (f.taskId == null || r.taskId === f.taskId) &&
      (f.taskIdContains == null || r.taskId.toLowerCase().includes(f.taskIdContains.toLowerCase())) &&
      (f.groupKey == null || r.groupKey === f.groupKey) &&
      (f.stepMin == null || r.step >= f.stepMin) &&
      (f.stepMax == null || r.step <= f.stepMax) &&
      (f.passed == null || r.passed === f.passed) &&
      (f.rewardMin == null || r.reward >= f.rewardMin) &&
      (f.rewardMax == null || r.reward <= f.rewardMax),
  );
  const key = (r: TrajectoryIndexRow) => (r[sort] as number | null) ?? -Infinity;
  rows.sort((a, b) => key(a) - key(b) || a.id - b.id);
  if (dir === "desc") rows.reverse();
  return rows.map((r) => r.id);
}

function pageThrough(f: TrajectoryFilters, sort: TrajectorySortKey, dir: "asc" | "desc", limit: number): number[] {
  const ids: number[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = listTrajectories(db, runId, { ...f, sort, dir, limit, cursor });
    ids.push(...page.trajectories.map((t) => t.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
  throw new Error("paging did not end");
}

describe("listTrajectories", () => {
  it("keeps to the run and stores null tokens/durations as NULL", () => {
    expect(all).toHaveLength(N);
    expect(all.every((r) => r.runId === runId)).toBe(true);
    expect(all.filter((r) => r.tokens == null).length).toBeGreaterThan(40);
    expect(all.filter((r) => r.durationMs == null).length).toBeGreaterThan(20);
  });

  it.each(TRAJECTORY_SORT_KEYS.flatMap((s) => [[s, "asc"] as const, [s, "desc"] as const]))(
    "sorts by %s %s and pages with keyset cursors, ties broken by id",
    (sort, dir) => {
      expect(pageThrough({}, sort, dir, 37)).toEqual(expected({}, sort, dir));
      const f: TrajectoryFilters = { skill: "editing", passed: false, stepMin: 3 };
      expect(pageThrough(f, sort, dir, 9)).toEqual(expected(f, sort, dir));
    },
  );

  it("filters by skill, step range, passed, reward range, task id (exact and contains) and group key", () => {
    const cases: TrajectoryFilters[] = [
      { skill: "review" },
      { stepMin: 5, stepMax: 9 },
      { passed: true },
      { rewardMin: 0.25, rewardMax: 0.75 },
      { rewardMin: 1 },
      { taskId: "task-3" },
      { taskIdContains: "SK-1" },
      { taskIdContains: "%" },
      { groupKey: "g-4-2" },
      { skill: "localization", passed: true, rewardMin: 0.5, stepMax: 12, taskIdContains: "task-1" },
    ];
    for (const f of cases) {
      const got = listTrajectories(db, runId, { ...f, limit: 1000 }).trajectories.map((t) => t.id);
      expect(got, JSON.stringify(f)).toEqual(expected(f, "id", "asc"));
    }
    expect(expected({ taskIdContains: "%" }, "id", "asc")).toEqual([]);
  });

  it("refuses a cursor of another sort order", () => {
    const page = listTrajectories(db, runId, { sort: "reward", limit: 5 });
    expect(() => listTrajectories(db, runId, { sort: "step", limit: 5, cursor: page.nextCursor! })).toThrow(/cursor/);
    const byId = listTrajectories(db, runId, { limit: 5 });
    expect(() => listTrajectories(db, runId, { sort: "tokens", limit: 5, cursor: byId.nextCursor! })).toThrow(/cursor/);
  });
});

describe("summarizeTrajectories", () => {
  it("counts the total and, per skill, under every filter but the skill", () => {
    const s = summarizeTrajectories(db, runId, { skill: "editing", stepMin: 10 });
    expect(s.total).toBe(expected({ skill: "editing", stepMin: 10 }, "id", "asc").length);
    expect(s.bySkill.map((b) => b.skill)).toEqual([...SKILLS].sort());
    for (const b of s.bySkill) {
      const rows = all.filter((r) => r.skill === b.skill && r.step >= 10);
      expect(b.count).toBe(rows.length);
      expect(b.passed).toBe(rows.filter((r) => r.passed).length);
      expect(b.meanReward).toBeCloseTo(rows.reduce((a, r) => a + r.reward, 0) / rows.length, 10);
    }
    expect(s.stepMin).toBe(10);
    expect(s.stepMax).toBe(19);
  });

  it("is empty for a run without trajectories", () => {
    const id = createRun(db, { name: "empty" }).run.id;
    expect(summarizeTrajectories(db, id)).toEqual({ total: 0, passed: 0, known: 0, bySkill: [], stepMin: null, stepMax: null });
  });
});

describe("trajectoryNeighbors", () => {
  it("walks the list order both ways, with the position in it", () => {
    const f: TrajectoryFilters = { skill: "unit_test" };
    for (const [sort, dir] of [["tokens", "desc"], ["reward", "asc"], ["id", "asc"]] as const) {
      const order = expected(f, sort, dir);
      order.forEach((id, i) => {
        const n = trajectoryNeighbors(db, { ...f, sort, dir, id });
        expect(n, `${sort} ${dir} #${i}`).toEqual({ prev: order[i - 1] ?? null, next: order[i + 1] ?? null, position: i + 1, total: order.length });
      });
    }
  });
});

describe("task id search over many distinct tasks", () => {
  it("falls back to a row-by-row match past 500 distinct ids, with the same result", async () => {
    const blobs = new BlobStore(path.join(dir, "blobs-many"));
    const id = createRun(db, { name: "many tasks" }).run.id;
    const trajectories = Array.from({ length: 520 }, (_, i) => ({ skill: "editing", taskId: `repo-${i}/issue`, step: 0, reward: i % 2, passed: i % 2 === 1, turns: [] }));
    await appendTrajectoryBatch(db, blobs, id, { batchId: "m", trajectories });
    const ids = (q: string) => listTrajectories(db, id, { taskIdContains: q, limit: 1000 }).trajectories.map((t) => t.taskId);
    expect(ids("issue")).toHaveLength(520);
    expect(ids("repo-51")).toEqual(["repo-51/issue", ...Array.from({ length: 10 }, (_, i) => `repo-51${i}/issue`)]);
    expect(summarizeTrajectories(db, id, { taskIdContains: "issue", passed: true }).total).toBe(260);
  });
});
