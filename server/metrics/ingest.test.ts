import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db";
import { createRun } from "../runs/service";
import { metricHistory } from "../mlflow/metrics";
import { readSeries } from "./downsample";
import { appendMetricBatch } from "./ingest";
import { foldAllTails, MAX_TAIL_ROWS } from "./tails";

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
  it("stores small appending batches as one batch of the same points: read through their tails, and the same rows once folded", () => {
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

    const sqlite = db.$client;
    const tails = sqlite.prepare("SELECT chunk, count(*) AS n FROM metric_tails t JOIN runs r ON r.pk = t.run_pk WHERE r.id = ? GROUP BY key_id, chunk").all(many) as { n: number }[];
    expect(tails.length).toBeGreaterThan(0);
    expect(Math.max(...tails.map((t) => t.n))).toBeLessThan(MAX_TAIL_ROWS);
    const pk = (id: string) => sqlite.prepare("SELECT pk FROM runs WHERE id = ?").pluck().get(id) as number;
    const keyId = (key: string) => sqlite.prepare("SELECT id FROM metric_keys WHERE key = ?").pluck().get(key) as number;
    for (const key of ["a", "b"]) {
      for (const q of [{ maxPoints: 100_000 }, { maxPoints: 3 }, { maxPoints: 50 }, { maxPoints: 1_000, stepMin: 900, stepMax: 2_300 }]) {
        // Means are summed in another order: equal to 12 places.
        const read = (id: string) => readSeries(sqlite, pk(id), keyId(key), q).map((p) => ({ ...p, value: Number(p.value.toFixed(12)) }));
        expect(read(many)).toEqual(read(one));
      }
      const history = (id: string) => metricHistory(db, id, key, {});
      expect(history(many)).toEqual(history(one));
      expect(history(many).metrics).toHaveLength(key === "a" ? 2_500 : 834);
    }

    expect(foldAllTails(sqlite)).toBeGreaterThan(0);
    expect(sqlite.prepare("SELECT count(*) FROM metric_tails").pluck().get()).toBe(0);
    expect(chunkRows(db, many)).toEqual(chunkRows(db, one));
    const summaries = (id: string) =>
      db.$client
        .prepare("SELECT k.key, s.count, s.min_step, s.max_step, s.last_value, s.last_wall_time FROM run_metric_summaries s JOIN metric_keys k ON k.id = s.key_id JOIN runs r ON r.pk = s.run_pk WHERE r.id = ? ORDER BY k.key")
        .all(id);
    expect(summaries(many)).toEqual(summaries(one));
    expect(summaries(many)).toContainEqual(expect.objectContaining({ key: "a", count: 2_500, max_step: 2_499 }));
  });

  it("folds a key's tails before a batch that reaches back, and a retried batch stores nothing twice", () => {
    const db = openDatabase(path.join(dir, "reach-back.db"));
    const id = createRun(db, { project: "p", name: "r", config: {} }).run.id;
    for (let step = 0; step < 40; step += 4) {
      appendMetricBatch(db, id, { batchId: `s${step}`, points: [0, 1, 2, 3].map((d) => ({ key: "x", step: step + d, value: step + d })) });
    }
    appendMetricBatch(db, id, { batchId: "s0", points: [{ key: "x", step: 0, value: 999 }] }); // a retry: acknowledged, not stored
    expect(db.$client.prepare("SELECT count(*) FROM metric_tails").pluck().get()).toBe(10);
    appendMetricBatch(db, id, { batchId: "back", points: [{ key: "x", step: 5, value: -5 }, { key: "x", step: 40, value: 40 }] });
    expect(db.$client.prepare("SELECT count(*) FROM metric_tails").pluck().get()).toBe(0);
    const [row] = chunkRows(db, id) as { count: number; sum: number; min: number; last_step: number }[];
    expect(row).toMatchObject({ count: 41, sum: (39 * 40) / 2 - 5 - 5 + 40, min: -5, last_step: 40 });
    const values = metricHistory(db, id, "x", {}).metrics.map((m) => m.value);
    expect(values.slice(0, 7)).toEqual([0, 1, 2, 3, 4, -5, 6]);
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
