import { describe, expect, it } from "vitest";
import { aggregateSeedCurves, downsampleSeedCurve } from "./seed-curves";

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

describe("aggregateSeedCurves: spread", () => {
  it("gives the sample standard deviation over the seeds at each step, null for one seed", () => {
    const out = aggregateSeedCurves([curve([[1, 0.2], [2, 0.5]]), curve([[1, 0.4], [2, 0.5]]), curve([[1, 0.6]])]);
    expect(out[0].mean).toBeCloseTo(0.4, 12);
    expect(out[0].std).toBeCloseTo(0.2, 12); // sqrt(((-0.2)² + 0² + 0.2²) / 2)
    expect(out[1]).toMatchObject({ step: 2, n: 2, std: 0, min: 0.5, max: 0.5 });
    expect(aggregateSeedCurves([curve([[1, 0.3]])])[0].std).toBeNull();
  });
});

describe("downsampleSeedCurve", () => {
  const folded = (steps: number) =>
    Array.from({ length: steps }, (_, step) => ({ step, mean: step / steps, min: step / steps - 0.1, max: step / steps + 0.1, std: 0.05, n: step % 7 === 0 ? 2 : 3, elapsed: step }));

  it("keeps a curve that fits as it is", () => {
    const pts = folded(10);
    expect(downsampleSeedCurve(pts, 10)).toEqual(pts);
  });
  it("cuts to at most maxPoints, keeping the band's extremes, the last step and the fewest seeds of each bucket", () => {
    const pts = folded(1000);
    const out = downsampleSeedCurve(pts, 100);
    expect(out.length).toBeLessThanOrEqual(100);
    expect(out[0]).toMatchObject({ step: 9, min: -0.1, n: 2, elapsed: 9 });
    expect(out[0].std).toBeCloseTo(0.05, 12);
    expect(out[0].max).toBeCloseTo(9 / 1000 + 0.1, 12);
    expect(out[0].mean).toBeCloseTo(pts.slice(0, 10).reduce((a, p) => a + p.mean, 0) / 10, 12);
    expect(out.at(-1)!.step).toBe(999);
    expect(Math.min(...out.map((p) => p.min))).toBeCloseTo(-0.1, 12);
    expect(Math.max(...out.map((p) => p.max))).toBeCloseTo(999 / 1000 + 0.1, 12);
  });
});
