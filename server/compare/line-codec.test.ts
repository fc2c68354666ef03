import { describe, expect, it } from "vitest";
import { decodeLineCurves, encodeLineCurves } from "./line-codec";
import type { LineCurves } from "./line-curves";

describe("line curves on the wire", () => {
  const seeds = [
    { step: 0, mean: 0.25, min: 0.2, max: 0.3, std: 0.05, n: 2, elapsed: 0 },
    { step: 10, mean: 0.5, min: 0.5, max: 0.5, std: null, n: 1, elapsed: null },
  ];
  const single = [
    { step: 3, mean: 0.1, min: 0.1, max: 0.1, std: null, n: 1, elapsed: 12.5 },
    { step: 7, mean: 0.30000000000000004, min: 0.30000000000000004, max: 0.30000000000000004, std: null, n: 1, elapsed: null },
  ];
  const lines: Record<string, LineCurves> = {
    cfg: { skills: { editing: seeds }, benchmarks: { swe_verified: seeds.slice(0, 1) } },
    run: { skills: { editing: single, review: [] }, benchmarks: {} },
  };

  it("reads back exactly what was written", () => {
    expect(decodeLineCurves(encodeLineCurves(lines))).toEqual(lines);
  });
  it("leaves out a single run's trivial band", () => {
    const packed = JSON.parse(encodeLineCurves(lines));
    expect(packed.run.skills.editing).toEqual({ step: [3, 7], mean: [0.1, 0.30000000000000004], elapsed: [12.5, null] });
    expect(packed.cfg.skills.editing.n).toEqual([2, 1]);
  });
});
