import { describe, expect, it } from "vitest";
import { decodeChunk, encodeChunk, mergeChunk } from "./chunk-codec";

const pts = (steps: number[], values: number[], wallTimes = steps.map(() => NaN)) => ({ steps, values, wallTimes });

describe("metric chunk codec", () => {
  it("round-trips points, with aggregates and wall times", () => {
    const e = encodeChunk(2, pts([2048, 2050, 3071], [1.5, -2, 7], [100, NaN, 102]));
    expect(e).toMatchObject({ count: 3, sum: 6.5, min: -2, max: 7, lastStep: 3071, lastWallTime: 102 });
    const d = decodeChunk(2, e.offsets, e.values, e.wallTimes);
    expect(d.steps).toEqual([2048, 2050, 3071]);
    expect(d.values).toEqual([1.5, -2, 7]);
    expect(d.wallTimes[0]).toBe(100);
    expect(Number.isNaN(d.wallTimes[1])).toBe(true);
  });

  it("decodes from an unaligned buffer", () => {
    const e = encodeChunk(0, pts([1, 2], [0.25, 0.5]));
    const shifted = Buffer.concat([Buffer.from([9]), e.values]).subarray(1);
    expect(decodeChunk(0, e.offsets, shifted, null).values).toEqual([0.25, 0.5]);
  });

  it("merges: new steps are added, a stored step takes the new value, the last repeat wins", () => {
    const stored = pts([1, 3, 5], [10, 30, 50]);
    const { merged, added } = mergeChunk(stored, pts([0, 3, 4, 4, 9], [0, 33, 40, 41, 90]));
    expect(merged.steps).toEqual([0, 1, 3, 4, 5, 9]);
    expect(merged.values).toEqual([0, 10, 33, 41, 50, 90]);
    expect(added).toBe(3);
    expect(mergeChunk(null, pts([2, 2], [1, 2]))).toMatchObject({ added: 1, merged: { steps: [2], values: [2] } });
  });
});
