import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db";
import { createRun } from "../runs/service";
import { appendMetricBatch } from "./ingest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-ingest-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Point = { key: string; step: number; value: number; wallTime?: number };

/** Every stored chunk row of a run, as stored (blobs as hex), for comparing two ways of writing the same points. */
function chunkRows(db: ReturnType<typeof openDatabase>, runId: string) {
  return db.$client
    .prepare(
      `SELECT k.key, c.chunk, c.count, c.sum, c.min, c.max, c.last_step, c.last_wall_time, hex(c.offsets) AS o, hex(c."values") AS v, hex(c.wall_times) AS w
       FROM metric_chunks c JOIN metric_keys k ON k.id = c.key_id JOIN runs r ON r.pk = c.run_pk WHERE r.id = ? ORDER BY k.key, c.chunk`,
    )
    .all(runId)
    .map((row) => ({ ...(row as { sum: number }), sum: Number((row as { sum: number }).sum.toFixed(9)) })); // summed in another order
}

describe("appendMetricBatch", () => {
  it("stores small appending batches exactly as one batch of the same points (blobs, aggregates, summaries)", () => {
    const db = openDatabase(path.join(dir, "append.db"));
    const points: Point[] = [];
    for (let step = 0; step < 2_500; step++) {
      points.push({ key: "a", step, value: Math.sin(step), ...(step % 700 < 350 ? { wallTime: 1_700_000_000 + step } : {}) });
      if (step % 3 === 0) points.push({ key: "b", step, value: step });
    }
    const one = createRun(db, { project: "p", name: "one", config: {} }).run.id;
    const many = createRun(db, { project: "p", name: "many", config: {} }).run.id;
    appendMetricBatch(db, one, { batchId: "all", points: points.slice(0, 10_000) });
    appendMetricBatch(db, one, { batchId: "rest", points: points.slice(10_000) });
    for (let i = 0; i < points.length; i += 7) appendMetricBatch(db, many, { batchId: `b${i}`, points: points.slice(i, i + 7) });
    expect(chunkRows(db, many)).toEqual(chunkRows(db, one));
    const summaries = (id: string) =>
      db.$client
        .prepare("SELECT k.key, s.count, s.min_step, s.max_step, s.last_value, s.last_wall_time FROM run_metric_summaries s JOIN metric_keys k ON k.id = s.key_id JOIN runs r ON r.pk = s.run_pk WHERE r.id = ? ORDER BY k.key")
        .all(id);
    expect(summaries(many)).toEqual(summaries(one));
    expect(summaries(many)).toContainEqual(expect.objectContaining({ key: "a", count: 2_500, max_step: 2_499 }));
  });

  it("merges a batch that reaches back into a chunk: a step logged again takes the new value", () => {
    const db = openDatabase(path.join(dir, "merge.db"));
    const id = createRun(db, { project: "p", name: "r", config: {} }).run.id;
    appendMetricBatch(db, id, { batchId: "1", points: [0, 1, 2, 5].map((step) => ({ key: "x", step, value: step })) });
    appendMetricBatch(db, id, { batchId: "2", points: [{ key: "x", step: 3, value: 30 }, { key: "x", step: 5, value: 50 }, { key: "x", step: 6, value: 6 }] });
    const [row] = chunkRows(db, id) as { count: number; sum: number; max: number; last_step: number }[];
    expect(row).toMatchObject({ count: 6, sum: 0 + 1 + 2 + 30 + 50 + 6, max: 50, last_step: 6 });
  });
});
