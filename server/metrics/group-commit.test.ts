import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db";
import { createRun } from "../runs/service";
import { appendMetricBatchGrouped } from "./group-commit";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-group-commit-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const stored = (db: ReturnType<typeof openDatabase>, runId: string) =>
  db.$client.prepare("SELECT coalesce(sum(s.count), 0) FROM run_metric_summaries s JOIN runs r ON r.pk = s.run_pk WHERE r.id = ?").pluck().get(runId);

describe("appendMetricBatchGrouped", () => {
  it("stores batches that arrive together; a refused batch fails alone and loses nothing of the others", async () => {
    const db = openDatabase(path.join(dir, "group.db"));
    const runs = Array.from({ length: 8 }, (_, i) => createRun(db, { project: "p", name: `w${i}`, config: {} }).run.id);
    const batch = (id: string, step: number) => ({ batchId: `${id}-${step}`, points: [{ key: "loss", step, value: step }, { key: "acc", step, value: 1 }] });
    const answers = await Promise.allSettled([
      ...runs.map((id) => appendMetricBatchGrouped(db, id, batch(id, 0))),
      appendMetricBatchGrouped(db, runs[0], { batchId: "bad", points: [{ key: "loss", step: -1, value: 1 }] }),
      appendMetricBatchGrouped(db, "no-such-run", batch("x", 0)),
      appendMetricBatchGrouped(db, runs[1], batch(runs[1], 0)), // the same batch id again, in the same group
      ...runs.map((id) => appendMetricBatchGrouped(db, id, batch(id, 1))),
    ]);
    const reasons = answers.flatMap((a) => (a.status === "rejected" ? [String((a.reason as Error).message)] : []));
    expect(reasons).toHaveLength(2);
    expect(reasons[0]).toMatch(/points\.0\.step/);
    expect(reasons[1]).toMatch(/no-such-run/);
    const results = answers.flatMap((a) => (a.status === "fulfilled" ? [a.value] : []));
    expect(results.filter((r) => r.duplicate)).toEqual([{ batchId: `${runs[1]}-0`, duplicate: true, accepted: 0 }]);
    for (const id of runs) expect(stored(db, id)).toBe(4);
    expect(db.$client.inTransaction).toBe(false);
  });

  it("answers a lone batch at once, and a later group after an earlier one committed", async () => {
    const db = openDatabase(path.join(dir, "lone.db"));
    const id = createRun(db, { project: "p", name: "r", config: {} }).run.id;
    await expect(appendMetricBatchGrouped(db, id, { batchId: "1", points: [{ key: "k", step: 0, value: 0 }] })).resolves.toMatchObject({ accepted: 1 });
    await expect(appendMetricBatchGrouped(db, id, { batchId: "2", points: [{ key: "k", step: 1, value: 1 }] })).resolves.toMatchObject({ accepted: 1 });
    expect(stored(db, id)).toBe(2);
  });
});
