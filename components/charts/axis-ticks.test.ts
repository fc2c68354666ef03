import { describe, expect, it } from "vitest";
import { niceLinearAxis, niceTicks, niceTimeTicks } from "./axis-ticks";

describe("niceTicks", () => {
  it("picks round steps inside the range", () => {
    expect(niceTicks(1, 300, 5, true)).toEqual([50, 100, 150, 200, 250, 300]);
    expect(niceTicks(0, 2500, 5, true)).toEqual([0, 500, 1000, 1500, 2000, 2500]);
    expect(niceTicks(0.12, 0.81, 5)).toEqual([0.2, 0.4, 0.6, 0.8]);
  });
  it("keeps integer steps for small step ranges", () => {
    expect(niceTicks(1, 3, 5, true)).toEqual([1, 2, 3]);
  });
  it("handles a single value", () => {
    expect(niceTicks(5, 5)).toEqual([5]);
  });
});

describe("niceTimeTicks", () => {
  it("lands on whole minutes and hours", () => {
    expect(niceTimeTicks(0, 600, 5)).toEqual([0, 300, 600]);
    expect(niceTimeTicks(0, 4 * 3600, 5)).toEqual([0, 3600, 7200, 10800, 14400]);
  });
});

describe("niceLinearAxis", () => {
  it("widens to round ends", () => {
    expect(niceLinearAxis(0.13, 0.81)).toEqual({ domain: [0, 1], ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] });
    expect(niceLinearAxis(12.3, 20.9).domain).toEqual([12, 22]);
  });
  it("pads a flat series", () => {
    const { domain } = niceLinearAxis(1e-6, 1e-6);
    expect(domain[0]).toBeLessThan(1e-6);
    expect(domain[1]).toBeGreaterThan(1e-6);
  });
});
