import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db";
import { createRun } from "../runs/service";
import { largeSyntheticTrajectory, syntheticTrajectory } from "../testing/synthetic-trajectories";
import { BlobStore } from "./blob-store";
import { TrajectoryBodyCache, trajectoryBodyCache } from "./body-cache";
import { clipJson } from "./clip-json";
import { readTrajectoryGroup } from "./group-view";
import { listTrajectories } from "./list-query";
import { appendTrajectoryBatch } from "./service";
import { findTaskText, readTrajectoryHeader, readTurnPage } from "./turn-pages";

let db: Db;
let dir: string;
let blobs: BlobStore;
let runId: string;
let bigId: number;
let big: ReturnType<typeof largeSyntheticTrajectory>;
let bigJson: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-turns-"));
  db = openDatabase(path.join(dir, "t.db"));
  blobs = new BlobStore(path.join(dir, "blobs"));
  runId = createRun(db, { name: "turns" }).run.id;
  big = largeSyntheticTrajectory(20_000_000, { seed: 3, skill: "editing", taskId: "big-task" });
  // One observation far past any page's byte budget.
  (big.turns[3] as { observation: string }).observation = "y".repeat(3_000_000);
  bigJson = JSON.stringify(big);
  const group = [0, 1, 2, 3].map((i) =>
    syntheticTrajectory({ seed: 100 + i, skill: "unit_test", step: 7, taskId: "t-7", groupKey: "grp-7", sampleIndex: 3 - i, reward: i === 2 ? 1 : 0, advantage: i === 2 ? 1.5 : -0.5 }),
  );
  await appendTrajectoryBatch(db, blobs, runId, { batchId: "b", trajectories: [big, ...group] });
  bigId = listTrajectories(db, runId, { taskId: "big-task" }).trajectories[0].id;
});
afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("readTurnPage", () => {
  it("pages a 20 MB trajectory in bounded pieces that add up to every turn", () => {
    expect(bigJson.length).toBeGreaterThan(20_000_000);
    const seen: number[] = [];
    let cursor: number | null = 0;
    let pages = 0;
    while (cursor != null) {
      const page = readTurnPage(db, blobs, { id: bigId, cursor, limit: 50 });
      expect(page.total).toBe(big.turns.length);
      expect(JSON.stringify(page.turns).length).toBeLessThan(1_100_000);
      seen.push(...page.turns.map((t) => t.index));
      cursor = page.nextCursor;
      pages++;
    }
    expect(seen).toEqual(big.turns.map((_, i) => i));
    expect(pages).toBeGreaterThan(10);
  });

  it("clips long strings and lists the cuts; a larger maxStringChars returns them whole", () => {
    const first = readTurnPage(db, blobs, { id: bigId, cursor: 0, limit: 5 });
    expect(first.turns.map((t) => t.index)).toEqual([0, 1, 2, 3, 4]);
    const obs = first.turns[3];
    expect(obs.turn.observation).toBe("y".repeat(10_000));
    expect(obs.clips).toEqual([{ path: "observation", kind: "string", size: 3_000_000 }]);
    expect(first.turns[2].turn).toEqual(big.turns[2]);

    const whole = readTurnPage(db, blobs, { id: bigId, cursor: 3, limit: 1, maxStringChars: 4_000_000, maxBytes: 16_000_000 });
    expect(whole.turns[0].turn.observation).toHaveLength(3_000_000);
    expect(whole.turns[0].clips).toEqual([]);
    expect(whole.nextCursor).toBe(4);
  });

  it("parses a body once while paging (LRU cache by blob hash)", () => {
    const cache = trajectoryBodyCache();
    const before = cache.size.entries;
    readTurnPage(db, blobs, { id: bigId, cursor: 50 });
    readTurnPage(db, blobs, { id: bigId, cursor: 100 });
    expect(cache.size.entries).toBe(Math.max(before, 1));
  });

  it("refuses a cursor past the end and an unknown id", () => {
    expect(() => readTurnPage(db, blobs, { id: bigId, cursor: big.turns.length + 1 })).toThrow(/cursor/);
    expect(() => readTurnPage(db, blobs, { id: 99_999 })).toThrow(/does not exist/);
  });
});

describe("TrajectoryBodyCache", () => {
  it("evicts the least recently used body past its byte budget", async () => {
    const small = new BlobStore(path.join(dir, "lru"));
    const { blobs: stored, release } = await small.putPinned([1, 2, 3].map((i) => JSON.stringify({ turns: [], pad: "z".repeat(1000 * i) })));
    release();
    const hashes = stored.map((b) => b.hash);
    const cache = new TrajectoryBodyCache(4_100, 10);
    cache.get(small, hashes[0]);
    cache.get(small, hashes[1]);
    cache.get(small, hashes[0]); // 0 is now the most recent
    cache.get(small, hashes[2]); // 1000 + 3000 + … : evicts 1
    expect(cache.size.entries).toBe(2);
    expect(cache.size.bytes).toBeLessThanOrEqual(4_100);
  });
});

describe("readTrajectoryHeader", () => {
  it("gives the index row, task text, verifier and counts without the turns", () => {
    const h = readTrajectoryHeader(db, blobs, bigId);
    expect(h.index).toMatchObject({ id: bigId, skill: "editing", taskId: "big-task" });
    expect(h.task).toMatchObject({ source: "turn 1" });
    expect(h.task!.text).toMatch(/parser crashes on empty input/);
    expect(h.turnCount).toBe(big.turns.length);
    expect(h.roleCounts.assistant).toBe(h.roleCounts.tool);
    expect(h.verifier).toMatchObject({ testsPassed: expect.any(Number), patch: expect.stringContaining("diff --git") });
    expect(JSON.stringify(h).length).toBeLessThan(100_000);
  });

  it("prefers a problem statement in the metadata, and skips demonstrations", () => {
    expect(findTaskText({ metadata: { instance: { problem_statement: "Fix the segfault" } }, turns: [{ role: "user", content: "other" }] })).toEqual({
      text: "Fix the segfault",
      source: "metadata.instance.problem_statement",
    });
    expect(
      findTaskText({
        turns: [
          { role: "system", content: "sys" },
          { role: "user", content: "Here is a demonstration of how to correctly accomplish this task. ".repeat(20) },
          { role: "user", content: [{ type: "text", text: "ISSUE: it breaks" }] },
          { role: "assistant", content: "ok" },
          { role: "user", content: "a much longer later user message ".repeat(10) },
        ],
      }),
    ).toEqual({ text: "ISSUE: it breaks", source: "turn 2" });
  });
});

describe("readTrajectoryGroup", () => {
  it("returns the G samples of a step and group key by sample index, with rewards, advantages and summaries", () => {
    const g = readTrajectoryGroup(db, blobs, { runId, step: 7, groupKey: "grp-7" });
    expect(g.samples.map((s) => s.index.sampleIndex)).toEqual([0, 1, 2, 3]);
    expect(g.samples.map((s) => s.index.reward)).toEqual([0, 1, 0, 0]);
    expect(g.samples.map((s) => s.index.advantage)).toEqual([-0.5, 1.5, -0.5, -0.5]);
    expect(g).toMatchObject({ taskId: "t-7", truncated: false, meanReward: 0.25 });
    expect(g.stdReward).toBeCloseTo(Math.sqrt(0.1875), 10);
    const s = g.samples[1].summary;
    expect(s.toolCalls.at(-1)).toEqual({ name: "submit", preview: "{}" });
    expect(s.toolCallTotal).toBe(Object.values(s.toolCallCounts).reduce((a, b) => a + b, 0));
    expect(s.finalText).toMatch(/submitting/);
    expect(s.verifier).toMatchObject({ mutantsKilled: 10, mutantsTotal: 10 });
    // By task id (for samples without a group key) the same four.
    expect(readTrajectoryGroup(db, blobs, { runId, step: 7, taskId: "t-7" }).samples).toHaveLength(4);
    expect(() => readTrajectoryGroup(db, blobs, { runId, step: 8, groupKey: "grp-7" })).toThrow(/No trajectories/);
  });
});

describe("clipJson", () => {
  it("cuts strings, arrays, objects and depth and says where", () => {
    const { value, clips } = clipJson({ a: "x".repeat(10), b: [1, 2, 3, 4], c: { d: { e: { f: 1 } } } }, { maxString: 4, maxArray: 2, maxDepth: 3 });
    expect(value).toEqual({ a: "xxxx", b: [1, 2], c: { d: { e: {} } } });
    expect(clips).toEqual([
      { path: "a", kind: "string", size: 10 },
      { path: "b", kind: "array", size: 4 },
      { path: "c.d.e", kind: "depth", size: 1 },
    ]);
  });
});
