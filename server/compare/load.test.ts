import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db";
import { appendEvalBatch } from "../evals/ingest";
import { appendMetricBatch } from "../metrics/ingest";
import { createRun } from "../runs/service";
import { loadCompareCurves, loadCompareTable, MAX_COMPARED_RUNS } from "./load";

/**
 * The loader against a real SQLite file: values are exact under every value
 * mode even when the series is long enough to be down-sampled (5,000 steps).
 */

let db: Db;
const STEPS = 5000;
const ids: Record<string, string> = {};
// A curve with a single peak at step 1234 and a dip at the end.
const joint = (seed: number, step: number) => (step === 1234 ? 0.95 : 0.3 + step / 20000) + seed / 100 - (step === STEPS - 1 ? 0.1 : 0);

function log(runId: string, points: { key: string; step: number; value: number }[]) {
  for (let i = 0; i < points.length; i += 10_000) appendMetricBatch(db, runId, { batchId: `b${i}-${Math.random()}`, points: points.slice(i, i + 10_000) });
}

beforeAll(() => {
  db = openDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "compare-load-")), "c.db"));
  for (const seed of [1, 2]) {
    const { run } = createRun(db, { name: `joint-seed${seed}`, group: "abl", config: { recipe: "r", skills: { editing: 1, review: 1 }, seed } });
    ids[`joint${seed}`] = run.id;
    log(
      run.id,
      Array.from({ length: STEPS }, (_, step) => [
        { key: "skill/editing/pass@1", step, value: joint(seed, step) },
        { key: "skill/review/pass@1", step, value: 0.2 },
      ]).flat(),
    );
    appendEvalBatch(db, run.id, {
      batchId: "e",
      evals: [1000, 4000].flatMap((step) => [0, 1, 2].map((attempt) => ({ benchmark: "swe_verified", attempt, step, score: step / 10000 + attempt / 10 }))),
    });
    // Avg@3 of the editing skill from evals wins over its Pass@1.
    if (seed === 2) appendEvalBatch(db, run.id, { batchId: "s", evals: [0, 1, 2].map((attempt) => ({ benchmark: "editing", attempt, step: 4000, score: 0.5 })) });
  }
  const { run: sft } = createRun(db, { name: "sft", group: "abl", config: {} });
  ids.sft = sft.id;
  log(sft.id, [{ key: "skill/editing/pass@1", step: 0, value: 0.25 }, { key: "eval/custom_bench/avg@3", step: 0, value: 0.1 }]);
});

describe("loadCompareTable", () => {
  it("resolves a group in creation order and merges its seeds", () => {
    const r = loadCompareTable(db, { group: "abl" }, { kind: "final" }, true);
    expect(r.runs.map((x) => x.name)).toEqual(["joint-seed1", "joint-seed2", "sft"]);
    expect(r.table.rows.map((x) => x.label)).toEqual(["joint", "sft"]);
    expect(r.skills).toEqual(["editing", "review"]);
    expect(r.benchmarks).toEqual(["swe_verified", "custom_bench"]);
    expect(r.configDiff.paths).toEqual(["recipe", "seed", "skills.editing", "skills.review"]);
  });

  it("takes the last Pass@1 (final), or Avg@k from evals where present", () => {
    const r = loadCompareTable(db, { runs: [ids.joint1, ids.joint2] }, { kind: "final" }, false);
    const [a, b] = r.table.rows;
    expect(a.cells.editing!.values[0]).toBeCloseTo(joint(1, STEPS - 1), 10);
    expect(a.cells.editing!.source).toBe("pass@1");
    expect(b.cells.editing!.values[0]).toBe(0.5);
    expect(b.cells.editing!.source).toBe("avg@k");
    expect(b.cells.editing!.k).toBe(3);
    expect(a.cells.swe_verified!.mean).toBeCloseTo(0.4 + 0.1, 10);
  });

  it("finds the exact best value of a down-sampled series", () => {
    const r = loadCompareTable(db, { runs: [ids.joint1] }, { kind: "best" }, false);
    expect(r.table.rows[0].cells.editing!.mean).toBeCloseTo(0.96, 10);
  });

  it("reads the value at the closest logged step at or before N", () => {
    const r = loadCompareTable(db, { runs: [ids.joint1, ids.sft] }, { kind: "step", step: 2500 }, false);
    expect(r.table.rows[0].cells.editing!.values[0]).toBeCloseTo(joint(1, 2500), 10);
    expect(r.table.rows[0].cells.editing!.steps[0]).toBe(2500);
    expect(r.table.rows[0].cells.swe_verified!.steps[0]).toBe(1000);
    expect(r.table.rows[1].cells.editing!.steps[0]).toBe(0);
  });

  it("lists the configurations (seeds merged) and diffs the rows' configs even when each run is its own row", () => {
    const r = loadCompareTable(db, { group: "abl" }, { kind: "final" }, false);
    expect(r.table.rows).toHaveLength(3);
    expect(r.configurations.map((c) => [c.label, c.runIds])).toEqual([
      ["joint", [ids.joint1, ids.joint2]],
      ["sft", [ids.sft]],
    ]);
    expect(r.configDiff.values.map((v) => v.seed)).toEqual([1, 2, undefined]);
    const merged = loadCompareTable(db, { group: "abl" }, { kind: "final" }, true);
    expect(merged.configDiff.values.map((v) => v.seed)).toEqual(["1, 2", undefined]);
  });

  it("refuses a group larger than a comparison takes instead of cutting it", () => {
    for (let i = 0; i <= MAX_COMPARED_RUNS; i++) createRun(db, { name: `huge-${i}`, group: "huge", config: { seed: i } });
    expect(() => loadCompareTable(db, { group: "huge" }, { kind: "final" }, true)).toThrow(`Compare at most ${MAX_COMPARED_RUNS} runs at once (got ${MAX_COMPARED_RUNS + 1})`);
  });

  it("reports unknown run ids instead of failing", () => {
    const r = loadCompareTable(db, { runs: [ids.sft, "nosuchrun"] }, { kind: "final" }, true);
    expect(r.missing).toEqual(["nosuchrun"]);
    expect(r.runs).toHaveLength(1);
  });
});

describe("loadCompareCurves", () => {
  it("returns down-sampled Pass@1 and Avg@k per run", () => {
    const c = loadCompareCurves(db, [ids.joint1, ids.sft], ["editing", "review"], ["swe_verified", "custom_bench"]);
    expect(c[ids.joint1].skills.editing.length).toBeLessThanOrEqual(1000);
    expect(c[ids.joint1].benchmarks.swe_verified.map((p) => p.step)).toEqual([1000, 4000]);
    expect(c[ids.sft].benchmarks.custom_bench).toEqual([{ step: 0, value: 0.1, wallTime: null }]);
    expect(c[ids.sft].skills.review).toBeUndefined();
  });
});
