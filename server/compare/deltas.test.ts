import { describe, expect, it } from "vitest";
import { bestInColumns, cellDelta, compareWithBaseline, rowOfRun } from "./deltas";
import { buildCompareTable } from "./table";
import { ABLATION, COLUMNS, SKILLS } from "./test-fixtures";

const table = buildCompareTable({ runs: ABLATION, columns: COLUMNS, projectSkills: SKILLS, mode: { kind: "final" }, mergeSeeds: true });

describe("deltas against a baseline", () => {
  it("are absolute with a relative form", () => {
    expect(cellDelta(0.6, 0.4)).toEqual({ delta: expect.closeTo(0.2, 10), relative: expect.closeTo(0.5, 10) });
    expect(cellDelta(0.1, 0)).toEqual({ delta: 0.1, relative: null });
    expect(cellDelta(null, 0.4)).toBeNull();
  });

  it("cover every column and the average, leaving the baseline out", () => {
    const c = compareWithBaseline(table, "sft")!;
    expect(Object.keys(c.deltas)).toEqual(["j1", "e1"]);
    expect(c.deltas.j1.editing!.delta).toBeCloseTo(0.3);
    expect(c.deltas.j1.editing!.relative).toBeCloseTo(0.75);
    expect(c.deltas.e1.review!.delta).toBeCloseTo(-0.15);
    // Average: joint 0.5667 vs sft (0.4 + 0.4 + 0.2) / 3
    expect(c.deltas.j1.average!.delta).toBeCloseTo(0.5667 - 1 / 3, 4);
  });

  it("split gains into in-domain and out-of-domain", () => {
    const c = compareWithBaseline(table, "sft")!;
    // joint trained editing + review: in = mean(+0.3, +0.2); out = swe_verified +0.2
    expect(c.gains.j1).toMatchObject({ inColumns: ["editing", "review"], outColumns: ["swe_verified"] });
    expect(c.gains.j1!.inDomain).toBeCloseTo(0.25);
    expect(c.gains.j1!.outOfDomain).toBeCloseTo(0.2);
    expect(c.gains.j1!.gap).toBeCloseTo(0.05);
    // only-editing: in = editing (0.85 − 0.4); out = mean(review −0.15, swe_verified 0)
    expect(c.gains.e1!.inDomain).toBeCloseTo(0.45);
    expect(c.gains.e1!.outOfDomain).toBeCloseTo(-0.075);
    expect(c.gains.e1!.gap).toBeCloseTo(0.525);
  });

  it("find a baseline row by any of its runs, and nothing for an unknown key", () => {
    expect(rowOfRun(table, "j2")?.key).toBe("j1");
    expect(rowOfRun(table, "nope")).toBeUndefined();
    expect(compareWithBaseline(table, "nope")).toBeNull();
  });
});

describe("bestInColumns", () => {
  it("marks the highest mean of each column, ties included", () => {
    const best = bestInColumns(table);
    expect(best.editing).toEqual(["e1"]);
    expect(best.review).toEqual(["j1"]);
    expect(best.swe_verified).toEqual(["j1"]);
    expect(best.average).toEqual(["j1"]);
  });
});
