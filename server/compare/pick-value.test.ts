import { describe, expect, it } from "vitest";
import { formatValueMode, parseValueMode, pickValue } from "./pick-value";

const pts = [
  { step: 10, value: 0.3 },
  { step: 30, value: 0.5 },
  { step: 20, value: 0.7 },
  { step: 40, value: 0.7 },
];

describe("pickValue", () => {
  it("final is the value at the highest step, whatever the order", () => {
    expect(pickValue(pts, { kind: "final" })).toEqual({ step: 40, value: 0.7 });
  });
  it("best is the highest value, the earliest step on a tie", () => {
    expect(pickValue(pts, { kind: "best" })).toEqual({ step: 20, value: 0.7 });
  });
  it("at step N takes the closest logged step at or before N", () => {
    expect(pickValue(pts, { kind: "step", step: 30 })).toEqual({ step: 30, value: 0.5 });
    expect(pickValue(pts, { kind: "step", step: 29 })).toEqual({ step: 20, value: 0.7 });
    expect(pickValue(pts, { kind: "step", step: 1000 })).toEqual({ step: 40, value: 0.7 });
  });
  it("is null before the first step and on an empty series", () => {
    expect(pickValue(pts, { kind: "step", step: 9 })).toBeNull();
    expect(pickValue([], { kind: "final" })).toBeNull();
  });
  it("ignores non-finite values", () => {
    expect(pickValue([{ step: 1, value: 0.2 }, { step: 2, value: Number.NaN }], { kind: "final" })).toEqual({ step: 1, value: 0.2 });
  });
});

describe("value mode in the URL", () => {
  it("round-trips and defaults to final", () => {
    for (const m of [{ kind: "final" }, { kind: "best" }, { kind: "step", step: 120 }] as const) expect(parseValueMode(formatValueMode(m))).toEqual(m);
    expect(parseValueMode("step:-3")).toEqual({ kind: "final" });
    expect(parseValueMode(null)).toEqual({ kind: "final" });
  });
});
