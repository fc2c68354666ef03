import { describe, expect, it } from "vitest";
import { parseOrThrow } from "../validation";
import { metricBatchWire, parseMetricBatch } from "./parse-batch";

/** What the zod schema alone makes of a body, the steps form spelled out as points. */
const zodResult = (body: unknown) => {
  try {
    const wire = parseOrThrow(metricBatchWire, body);
    const points =
      wire.points ??
      wire.steps!.flatMap((s) => Object.entries(s.values).map(([key, value]) => ({ key, step: s.step, value, ...(s.wallTime !== undefined && { wallTime: s.wallTime }) })));
    return { ok: { batchId: wire.batchId, ...(wire.leaseToken !== undefined && { leaseToken: wire.leaseToken }), points } };
  } catch (error) {
    return { error: (error as Error).message };
  }
};
const fastResult = (body: unknown) => {
  try {
    return { ok: parseMetricBatch(body) };
  } catch (error) {
    return { error: (error as Error).message };
  }
};

const good = { key: "skill/editing/pass@1", step: 3, value: 0.5 };

describe("parseMetricBatch agrees with the zod schema", () => {
  const cases: [string, unknown][] = [
    ["valid points, extra fields dropped", { batchId: "b", points: [good, { ...good, step: 0, wallTime: 1.5, extra: 1 }] }],
    ["empty batch", { batchId: "b", points: [] }],
    ["lease token kept", { batchId: "b", leaseToken: "t", points: [good] }],
    ["missing batchId", { points: [good] }],
    ["points not an array", { batchId: "b", points: {} }],
    ["point is null", { batchId: "b", points: [good, null] }],
    ["point is an array", { batchId: "b", points: [[1]] }],
    ["empty key", { batchId: "b", points: [{ ...good, key: "" }] }],
    ["key too long", { batchId: "b", points: [{ ...good, key: "k".repeat(257) }] }],
    ["key not a string", { batchId: "b", points: [{ ...good, key: 1 }] }],
    ["negative step", { batchId: "b", points: [{ ...good, step: -1 }] }],
    ["fractional step", { batchId: "b", points: [good, { ...good, step: 1.5 }] }],
    ["unsafe step", { batchId: "b", points: [{ ...good, step: 2 ** 60 }] }],
    ["step as string", { batchId: "b", points: [{ ...good, step: "3" }] }],
    ["value missing", { batchId: "b", points: [{ key: "k", step: 1 }] }],
    ["value infinite", { batchId: "b", points: [{ ...good, value: Infinity }] }],
    ["value NaN", { batchId: "b", points: [{ ...good, value: NaN }] }],
    ["wallTime null", { batchId: "b", points: [{ ...good, wallTime: null }] }],
    ["wallTime infinite", { batchId: "b", points: [{ ...good, wallTime: -Infinity }] }],
    ["steps form", { batchId: "b", steps: [{ step: 1, wallTime: 2.5, values: { a: 1, b: 0.5 } }, { step: 2, values: { a: 2 } }] }],
    ["steps form, lease token kept", { batchId: "b", leaseToken: "t", steps: [{ step: 0, values: {} }] }],
    ["both points and steps", { batchId: "b", points: [good], steps: [{ step: 1, values: { a: 1 } }] }],
    ["neither points nor steps", { batchId: "b" }],
    ["steps not an array", { batchId: "b", steps: { step: 1 } }],
    ["step row is null", { batchId: "b", steps: [null] }],
    ["step row without values", { batchId: "b", steps: [{ step: 1 }] }],
    ["values an array", { batchId: "b", steps: [{ step: 1, values: [1] }] }],
    ["value in steps NaN", { batchId: "b", steps: [{ step: 1, values: { a: NaN } }] }],
    ["value in steps a string", { batchId: "b", steps: [{ step: 1, values: { a: "1" } }] }],
    ["empty key in steps", { batchId: "b", steps: [{ step: 1, values: { "": 1 } }] }],
    ["negative step in steps", { batchId: "b", steps: [{ step: -2, values: { a: 1 } }] }],
    ["wallTime in steps a string", { batchId: "b", steps: [{ step: 2, wallTime: "now", values: { a: 1 } }] }],
  ];
  it.each(cases)("%s", (_name, body) => {
    expect(fastResult(body)).toEqual(zodResult(body));
  });

  it("refuses more than 10,000 points in either form with a 413 that says to split", () => {
    const many = Array.from({ length: 501 }, (_, step) => ({ step, values: Object.fromEntries(Array.from({ length: 20 }, (_, k) => [`k${k}`, k])) }));
    expect(() => parseMetricBatch({ batchId: "b", steps: many })).toThrow(/at most 10000 points, this one has 10020; split it/);
    expect(() => parseMetricBatch({ batchId: "b", points: Array.from({ length: 10_001 }, () => good) })).toThrow(/this one has 10001/);
    expect(parseMetricBatch({ batchId: "b", steps: many.slice(0, 500) }).points).toHaveLength(10_000);
  });

  it("names the field of the first bad value of the steps form", () => {
    expect(fastResult({ batchId: "b", steps: [{ step: 1, values: { a: 1 } }, { step: 2, values: { a: 1, b: Infinity } }] }).error).toMatch(/^steps\.1\.values\.b: /);
  });

  it("names the field of the first bad point", () => {
    const body = { batchId: "b", points: [good, good, { ...good, value: "x" }] };
    expect(fastResult(body).error).toMatch(/^points\.2\.value: /);
  });
});
