import { describe, expect, it } from "vitest";
import { summariseAttempts } from "./avg-at-k";

describe("Avg@k", () => {
  it("is the mean of the attempts, with min, max and population std", () => {
    const s = summariseAttempts(100, [1, 0, 1]);
    expect(s.avg).toBeCloseTo(2 / 3);
    expect(s).toMatchObject({ step: 100, min: 0, max: 1, attempts: 3 });
    expect(s.std).toBeCloseTo(Math.sqrt(2 / 9));
  });
  it("has zero spread for identical attempts", () => {
    expect(summariseAttempts(0, [0.5, 0.5, 0.5])).toMatchObject({ avg: 0.5, std: 0 });
  });
});
