import { describe, expect, it } from "vitest";
import { aggregateSeedCurves } from "./seed-curves";

const curve = (pts: [number, number][], t0: number | null = null) => pts.map(([step, value]) => ({ step, value, wallTime: t0 == null ? null : t0 + step }));

describe("aggregateSeedCurves", () => {
  it("averages aligned seeds with their min and max", () => {
    const out = aggregateSeedCurves([curve([[1, 0.2], [2, 0.4]]), curve([[1, 0.4], [2, 0.8]])]);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ step: 1, min: 0.2, max: 0.4, n: 2 });
    expect(out[0].mean).toBeCloseTo(0.3);
    expect(out[1].mean).toBeCloseTo(0.6);
  });
  it("carries a seed's last value to steps it did not log, inside its own range only", () => {
    const out = aggregateSeedCurves([curve([[0, 0], [10, 1], [20, 1]]), curve([[5, 0.5], [10, 0.5]])]);
    expect(out.map((p) => [p.step, p.n, p.mean])).toEqual([
      [0, 1, 0],
      [5, 2, 0.25],
      [10, 2, 0.75],
      [20, 1, 1],
    ]);
  });
  it("measures elapsed time per seed from its own first point", () => {
    const out = aggregateSeedCurves([curve([[1, 0], [3, 0]], 1000), curve([[1, 0], [3, 0]], 5000)]);
    expect(out.map((p) => p.elapsed)).toEqual([0, 2]);
  });
  it("is empty without points", () => {
    expect(aggregateSeedCurves([[], []])).toEqual([]);
  });
});
