import { describe, expect, it } from "vitest";
import { parseOrThrow } from "../validation";
import { metricBatchInput, parseMetricBatch } from "./parse-batch";

const zodResult = (body: unknown) => {
  try {
    return { ok: parseOrThrow(metricBatchInput, body) };
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
  ];
  it.each(cases)("%s", (_name, body) => {
    expect(fastResult(body)).toEqual(zodResult(body));
  });

  it("names the field of the first bad point", () => {
    const body = { batchId: "b", points: [good, good, { ...good, value: "x" }] };
    expect(fastResult(body).error).toMatch(/^points\.2\.value: /);
  });
});
