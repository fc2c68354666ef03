import { describe, expect, it } from "vitest";
import { buildChartRows, type SeriesPoint } from "./chart-rows";

const pt = (step: number, value: number, extra: Partial<SeriesPoint> = {}): SeriesPoint => ({
  step,
  value,
  min: value,
  max: value,
  wallTime: 1000 + step * 10,
  ...extra,
});

describe("buildChartRows", () => {
  it("plots steps in order with smoothing", () => {
    const { rows, downsampled } = buildChartRows([pt(2, 4), pt(1, 2)], { smoothing: 0.5, xAxis: "step", logY: false });
    expect(rows.map((r) => r.x)).toEqual([1, 2]);
    expect(rows[0].smoothed).toBeCloseTo(2);
    expect(rows[1].smoothed).toBeCloseTo((0.25 * 2 + 0.5 * 4) / 0.75);
    expect(downsampled).toBe(false);
    expect(rows[0].band).toBeNull();
  });

  it("uses seconds since the first point on the relative time axis", () => {
    const { rows, dropped } = buildChartRows([pt(1, 1), pt(3, 2), pt(4, 3, { wallTime: null })], {
      smoothing: 0,
      xAxis: "relative",
      logY: false,
    });
    expect(rows.map((r) => r.x)).toEqual([0, 20]);
    expect(dropped).toBe(1);
  });

  it("keeps the min–max band of down-sampled buckets", () => {
    const { rows, downsampled } = buildChartRows([pt(10, 0.5, { min: 0.2, max: 0.9 }), pt(20, 0.6)], {
      smoothing: 0,
      xAxis: "step",
      logY: false,
    });
    expect(downsampled).toBe(true);
    expect(rows[0].band).toEqual([0.2, 0.9]);
    expect(rows[1].band).toEqual([0.6, 0.6]);
  });

  it("leaves out values a log axis cannot show", () => {
    const { rows, dropped } = buildChartRows([pt(1, 0), pt(2, 0.1, { min: -1, max: 0.2 })], {
      smoothing: 0,
      xAxis: "step",
      logY: true,
    });
    expect(dropped).toBe(1);
    expect(rows[0].band).toEqual([0.1, 0.2]);
  });
});
