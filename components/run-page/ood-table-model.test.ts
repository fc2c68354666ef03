import { describe, expect, it } from "vitest";
import { benchmarkOfMetricKey, buildOodTable } from "./ood-table-model";

const e = (step: number, avg: number) => ({ step, avg, min: avg - 0.1, max: avg + 0.1, std: 0.05, attempts: 3 });

describe("buildOodTable", () => {
  it("puts the newest step first and averages across benchmarks", () => {
    const t = buildOodTable(["a", "b"], { a: [e(10, 0.2), e(20, 0.4)], b: [e(10, 0.4), e(20, 0.6)] });
    expect(t.rows.map((r) => r.step)).toEqual([20, 10]);
    expect(t.rows[0].average).toBeCloseTo(0.5);
    expect(t.rows[0].averageOf).toBe(2);
    expect(t.isRate).toBe(true);
  });

  it("keeps the project's order and appends other benchmarks", () => {
    const t = buildOodTable(["b", "a", "c"], { a: [e(1, 0.1)], zzz: [e(1, 0.3)], b: [e(1, 0.2)] });
    expect(t.benchmarks).toEqual(["b", "a", "c", "zzz"]);
    expect(t.rows[0].cells.c).toBeUndefined();
    expect(t.rows[0].average).toBeCloseTo(0.2);
    expect(t.rows[0].averageOf).toBe(3);
  });

  it("uses directly logged values where no attempts exist", () => {
    const t = buildOodTable(["a"], { a: [e(2, 0.5)] }, { a: [{ step: 1, value: 0.3 }, { step: 2, value: 0.9 }] });
    expect(t.rows.find((r) => r.step === 1)!.cells.a).toEqual({ step: 1, avg: 0.3, attempts: null });
    expect(t.rows.find((r) => r.step === 2)!.cells.a?.avg).toBe(0.5);
  });

  it("notices scores that are not rates", () => {
    expect(buildOodTable(["a"], { a: [e(1, 12)] }).isRate).toBe(false);
  });

  it("reads benchmark names from eval metric keys", () => {
    expect(benchmarkOfMetricKey("eval/swe_verified/avg@3")).toBe("swe_verified");
    expect(benchmarkOfMetricKey("eval/x/pass@1")).toBeNull();
  });
});

describe("buildOodTable with means reported by the trainer", () => {
  const reported = { a: { key: "val-core/a/reward/mean@4", samples: 4, points: [{ step: 1, value: 0.25 }, { step: 2, value: 0.45 }] } };

  it("shows a reported mean alone where nothing else exists, marked as reported", () => {
    const t = buildOodTable(["a"], {}, {}, reported);
    expect(t.rows.map((r) => r.step)).toEqual([2, 1]);
    expect(t.rows[0].cells.a).toMatchObject({ avg: 0.45, attempts: null, onlyReported: true, reported: { value: 0.45, key: "val-core/a/reward/mean@4", samples: 4 } });
    expect(t.rows[0].average).toBeCloseTo(0.45);
  });

  it("keeps Avg@k from attempts (and logged values) as the value, with the reported mean beside", () => {
    const t = buildOodTable(["a"], { a: [e(2, 0.5)] }, { a: [{ step: 1, value: 0.3 }] }, reported);
    const at2 = t.rows.find((r) => r.step === 2)!.cells.a!;
    expect(at2).toMatchObject({ avg: 0.5, attempts: 3, reported: { value: 0.45 } });
    expect(at2.onlyReported).toBeUndefined();
    const at1 = t.rows.find((r) => r.step === 1)!.cells.a!;
    expect(at1).toMatchObject({ avg: 0.3, attempts: null, reported: { value: 0.25 } });
    expect(at1.onlyReported).toBeUndefined();
  });
});
