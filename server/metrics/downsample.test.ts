import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db";
import { createRun, requireRunRow } from "../runs/service";
import { appendMetricBatch } from "./ingest";
import { getRunSeries } from "./series";

let db: Db;
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-ds-"));
  db = openDatabase(path.join(dir, "t.db"));
});
afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function logSeries(runId: string, key: string, values: (step: number) => number, n: number, stepEvery = 1) {
  let batch = 0;
  for (let start = 0; start < n; start += 5000) {
    const points = [];
    for (let i = start; i < Math.min(n, start + 5000); i++) points.push({ key, step: i * stepEvery, value: values(i) });
    appendMetricBatch(db, runId, { batchId: `${key}-${batch++}`, points });
  }
}

/** Reference: the same buckets computed from every raw point. */
function bruteForce(values: number[], width: number) {
  const out = new Map<number, { min: number; max: number; sum: number; n: number; last: number }>();
  values.forEach((v, step) => {
    const b = Math.floor(step / width);
    const a = out.get(b) ?? { min: Infinity, max: -Infinity, sum: 0, n: 0, last: step };
    a.min = Math.min(a.min, v);
    a.max = Math.max(a.max, v);
    a.sum += v;
    a.n++;
    a.last = step;
    out.set(b, a);
  });
  return [...out.values()];
}

describe("down-sampling", () => {
  it("returns a small series raw", () => {
    const { run } = createRun(db, { name: "small" });
    logSeries(run.id, "loss", (i) => i * 2, 50);
    const s = getRunSeries(db, run.id, { keys: ["loss"], maxPoints: 1000 }).loss;
    expect(s).toHaveLength(50);
    expect(s[7]).toMatchObject({ step: 7, value: 14, min: 14, max: 14 });
  });

  it("keeps at most maxPoints points, and a single spike survives as a bucket max", () => {
    const { run } = createRun(db, { name: "spiky" });
    const n = 100_000;
    const values = Array.from({ length: n }, (_, i) => Math.sin(i / 500));
    values[54_321] = 1000;
    values[77_777] = -1000;
    logSeries(run.id, "r", (i) => values[i], n);
    const s = getRunSeries(db, run.id, { keys: ["r"], maxPoints: 1000 }).r;
    expect(s.length).toBeLessThanOrEqual(1000);
    expect(s.length).toBeGreaterThan(500);
    expect(Math.max(...s.map((p) => p.max))).toBe(1000);
    expect(Math.min(...s.map((p) => p.min))).toBe(-1000);
    // Buckets are exact: compare with a brute-force aggregation over the same widths.
    const width = s[1].step - s[0].step;
    const ref = bruteForce(values, width);
    expect(s.map((p) => p.max)).toEqual(ref.map((a) => a.max));
    expect(s.map((p) => p.min)).toEqual(ref.map((a) => a.min));
    s.forEach((p, i) => expect(p.value).toBeCloseTo(ref[i].sum / ref[i].n, 9));
    expect(s.at(-1)!.step).toBe(n - 1);
  });

  it("matches a brute-force aggregation when buckets are whole chunks, ragged edges included", () => {
    const { run } = createRun(db, { name: "chunks" });
    const n = 100_000;
    const values = Array.from({ length: n }, (_, i) => Math.cos(i / 77) * (i % 13));
    logSeries(run.id, "c", (i) => values[i], n);
    const lo = 5_000;
    const hi = 93_333;
    const s = getRunSeries(db, run.id, { keys: ["c"], maxPoints: 40, stepMin: lo, stepMax: hi }).c;
    expect(s.length).toBeLessThanOrEqual(40);
    const width = 3_072; // ceil(88,334 / 39) = 2,265, rounded up to whole 1,024-step chunks
    const ref = new Map<number, { min: number; max: number; sum: number; n: number; last: number }>();
    for (let step = lo; step <= hi; step++) {
      const b = Math.floor(step / width);
      const a = ref.get(b) ?? { min: Infinity, max: -Infinity, sum: 0, n: 0, last: 0 };
      a.min = Math.min(a.min, values[step]);
      a.max = Math.max(a.max, values[step]);
      a.sum += values[step];
      a.n++;
      a.last = step;
      ref.set(b, a);
    }
    const expected = [...ref.values()];
    expect(s.map((p) => p.step)).toEqual(expected.map((a) => a.last));
    expect(s.map((p) => p.min)).toEqual(expected.map((a) => a.min));
    expect(s.map((p) => p.max)).toEqual(expected.map((a) => a.max));
    s.forEach((p, i) => expect(p.value).toBeCloseTo(expected[i].sum / expected[i].n, 9));
  });

  it("honours a step range with ragged edges", () => {
    const { run } = createRun(db, { name: "range" });
    logSeries(run.id, "x", (i) => i, 20_000);
    const s = getRunSeries(db, run.id, { keys: ["x"], maxPoints: 100, stepMin: 1_003, stepMax: 17_009 }).x;
    expect(s.length).toBeLessThanOrEqual(100);
    expect(Math.min(...s.map((p) => p.min))).toBe(1_003);
    expect(Math.max(...s.map((p) => p.max))).toBe(17_009);
    expect(s.every((p) => p.step >= 1_003 && p.step <= 17_009)).toBe(true);
  });

  it("stays exact when a step is logged again with a new value", () => {
    const { run } = createRun(db, { name: "rewrite" });
    logSeries(run.id, "y", () => 1, 10_000);
    appendMetricBatch(db, run.id, { batchId: "rewrite", points: [{ key: "y", step: 5_000, value: 99 }] });
    const s = getRunSeries(db, run.id, { keys: ["y"], maxPoints: 10 }).y;
    expect(Math.max(...s.map((p) => p.max))).toBe(99);
    const row = requireRunRow(db, run.id);
    const count = db.$client.prepare("select count from run_metric_summaries where run_pk = ?").pluck().get(row.pk);
    expect(count).toBe(10_000);
  });

  it("handles sparse steps", () => {
    const { run } = createRun(db, { name: "sparse" });
    logSeries(run.id, "z", (i) => i, 3_000, 1_000);
    const s = getRunSeries(db, run.id, { keys: ["z"], maxPoints: 1000 }).z;
    expect(s.length).toBeLessThanOrEqual(1000);
    expect(s.at(-1)!.step).toBe(2_999_000);
    expect(s.at(-1)!.max).toBe(2_999);
  });
});
