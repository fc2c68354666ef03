import { describe, expect, it } from "vitest";
import { debiasedEma } from "./ema";

describe("debiasedEma", () => {
  it("returns the values unchanged at weight 0", () => {
    expect(debiasedEma([1, 5, 2], 0)).toEqual([1, 5, 2]);
  });

  it("starts at the first value instead of being pulled towards zero", () => {
    const out = debiasedEma([10, 10.5, 9.5], 0.9);
    expect(out[0]).toBeCloseTo(10);
  });

  it("matches the debiased formula step by step", () => {
    const w = 0.6;
    const values = [1, 3, 2, 4];
    let last = 0;
    const expected = values.map((v, i) => {
      last = last * w + (1 - w) * v;
      return last / (1 - w ** (i + 1));
    });
    const out = debiasedEma(values, w);
    out.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
  });

  it("smooths a noisy series towards its mean", () => {
    const noisy = Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? 0 : 1));
    const out = debiasedEma(noisy, 0.95);
    expect(out.at(-1)!).toBeGreaterThan(0.4);
    expect(out.at(-1)!).toBeLessThan(0.6);
  });

  it("keeps a constant series constant", () => {
    expect(debiasedEma([0.3, 0.3, 0.3], 0.99)).toEqual([0.3, 0.3, 0.3]);
  });

  it("passes non-finite values through without poisoning later ones", () => {
    const out = debiasedEma([1, Number.NaN, 3], 0.5);
    expect(out[1]).toBeNaN();
    expect(Number.isFinite(out[2])).toBe(true);
    expect(out[2]).toBeCloseTo((0.5 * 0.5 * 1 + 0.5 * 3) / (1 - 0.25));
  });

  it("does not modify its input", () => {
    const values = [1, 2, 3];
    debiasedEma(values, 0.5);
    expect(values).toEqual([1, 2, 3]);
  });
});
