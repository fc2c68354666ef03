import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db";
import { createRun } from "../runs/service";
import { BlobStore } from "../trajectories/blob-store";
import { appendTrajectoryBatch } from "../trajectories/service";
import { firstDivergence, readTrajectoryDivergence } from "./divergence";

const sys = { role: "system", content: "You are an agent" };
const view = (p: string) => ({ role: "assistant", content: "look", toolCalls: [{ name: "view", arguments: { path: p } }] });
const obs = (text: string) => ({ role: "tool", observation: text });

describe("firstDivergence", () => {
  it("finds the first different tool call, ignoring observations", () => {
    expect(firstDivergence([sys, view("a.py"), obs("x"), view("b.py")], [sys, view("a.py"), obs("different output"), view("c.py")])).toBe(3);
  });
  it("marks where one side ends, and nothing when both take the same actions", () => {
    expect(firstDivergence([sys, view("a.py")], [sys, view("a.py"), obs("x")])).toBe(2);
    expect(firstDivergence([sys, view("a.py")], [sys, view("a.py")])).toBeNull();
  });
  it("compares assistant text when there is no tool call, and roles", () => {
    expect(firstDivergence([sys, { role: "assistant", content: "done" }], [sys, { role: "assistant", content: "submit" }])).toBe(1);
    expect(firstDivergence([sys, { role: "user", content: "a" }], [sys, { role: "assistant", content: "a" }])).toBe(1);
  });
});

describe("readTrajectoryDivergence", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-divergence-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("finds a divergence far past the first page of turns, over the stored bodies", async () => {
    const db = openDatabase(path.join(dir, "db.sqlite"));
    const blobs = new BlobStore(path.join(dir, "blobs"));
    const { run } = createRun(db, { project: "p", name: "r", config: {} });
    const turns = (last: string) => [sys, ...Array.from({ length: 300 }, (_, i) => [view(`f${i}.py`), obs(`out ${i}`)]).flat(), view(last)];
    const trajectory = (taskId: string, last: string, sampleIndex: number) => ({ step: 1, skill: "editing", taskId, sampleIndex, reward: 0, passed: false, turns: turns(last) });
    await appendTrajectoryBatch(db, blobs, run.id, { batchId: "b", trajectories: [trajectory("t", "x.py", 0), trajectory("t", "y.py", 1), trajectory("t", "x.py", 2)] });
    const ids = (db.$client.prepare("SELECT id FROM trajectories ORDER BY sample_index").pluck().all() as number[]);
    expect(readTrajectoryDivergence(db, blobs, { a: ids[0], b: ids[1] })).toEqual({ index: 601, turns: [602, 602] });
    expect(readTrajectoryDivergence(db, blobs, { a: ids[0], b: ids[2] }).index).toBeNull();
    expect(() => readTrajectoryDivergence(db, blobs, { a: ids[0], b: 999_999 })).toThrow(/not found|999999/i);
  });
});
