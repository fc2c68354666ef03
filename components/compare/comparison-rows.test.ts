import { describe, expect, it } from "vitest";
import { buildComparisonRows, pointAtOrBefore, syncToClosestX, type ComparisonLine } from "./comparison-rows";

const line = (key: string, seeds: number, pts: [number, number, number, number][]): ComparisonLine => ({
  key,
  label: key,
  color: "#000",
  seeds,
  points: pts.map(([step, mean, min, max]) => ({ step, mean, min, max, std: null, n: seeds, elapsed: step * 10 })),
});

describe("buildComparisonRows", () => {
  const lines = [line("a", 3, [[1, 0.2, 0.1, 0.3], [2, 0.4, 0.3, 0.5]]), line("b", 1, [[2, 0.6, 0.6, 0.6], [3, 0.8, 0.8, 0.8]])];

  it("merges lines into one row per x, with a band only for seed groups", () => {
    const { rows, extent } = buildComparisonRows(lines, { smoothing: 0, xAxis: "step", logY: false });
    expect(rows.map((r) => r.x)).toEqual([1, 2, 3]);
    expect(rows[1]).toMatchObject({ r0: 0.4, b0: [0.3, 0.5], r1: 0.6, b1: null });
    expect(rows[0].r1).toBeUndefined();
    expect(extent).toEqual({ xMin: 1, xMax: 3, yMin: 0.1, yMax: 0.8 });
  });

  it("smooths each line on its own and uses elapsed seconds on the time axis", () => {
    const { rows, lines: plotted } = buildComparisonRows(lines, { smoothing: 0.5, xAxis: "relative", logY: false });
    expect(rows.map((r) => r.x)).toEqual([10, 20, 30]);
    expect(plotted[1].points[0].smoothed).toBeCloseTo(0.6);
    expect(plotted[1].points[1].smoothed).toBeCloseTo((0.25 * 0.6 + 0.5 * 0.8) / 0.75);
  });

  it("drops values a log axis cannot show", () => {
    const { dropped, rows } = buildComparisonRows([line("z", 1, [[1, 0, 0, 0], [2, 0.5, 0.5, 0.5]])], { smoothing: 0, xAxis: "step", logY: true });
    expect(dropped).toBe(1);
    expect(rows).toHaveLength(1);
  });
});

describe("hover lookups", () => {
  it("finds the point at or before x", () => {
    const pts = [{ x: 1 }, { x: 5 }, { x: 9 }];
    expect(pointAtOrBefore(pts, 6)).toEqual({ x: 5 });
    expect(pointAtOrBefore(pts, 0)).toBeUndefined();
  });
  it("syncs another chart to its closest tick at or before the hovered step", () => {
    const ticks = [{ value: 0 }, { value: 10 }, { value: 20 }];
    expect(syncToClosestX(ticks, { activeLabel: "15" })).toBe(1);
    expect(syncToClosestX(ticks, { activeLabel: 20 })).toBe(2);
    expect(syncToClosestX(ticks, { activeLabel: "-1" })).toBe(-1);
  });
});
