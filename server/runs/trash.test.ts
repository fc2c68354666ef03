import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db";
import { RUN_STATUSES } from "@/db/schema";
import { ConflictError, NotFoundError } from "../errors";
import { appendEvalBatch } from "../evals/ingest";
import { getRunEvals } from "../evals/read";
import { appendLogBatch, readLogs } from "../logs/service";
import { endJob, enqueueJob } from "../jobs/queue";
import { appendMetricBatch } from "../metrics/ingest";
import { listRunMetricKeys } from "../metrics/series";
import { countDeletedRuns, createRun, getRun, listRuns } from "./service";
import { deleteRun, restoreRun } from "./trash";

/** The trash against a real SQLite file: soft delete, restore, and what lists show. */
let db: Db;
beforeEach(() => {
  db = openDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "runs-trash-")), "skillboard.db"));
});
const newRun = (over: Parameters<typeof createRun>[1] = {}) => createRun(db, { status: "succeeded", ...over }).run.id;
const ids = (filter: Parameters<typeof listRuns>[1] = {}) => listRuns(db, filter).map((r) => r.id).sort();

describe("deleteRun and restoreRun", () => {
  it("moves a run to the trash and back; deleting again keeps the first time", () => {
    const id = newRun();
    expect(getRun(db, id).deletedAt).toBeNull();
    const deleted = deleteRun(db, id, Date.UTC(2025, 0, 2));
    expect(deleted.deletedAt).toBe("2025-01-02T00:00:00.000Z");
    expect(deleteRun(db, id, Date.UTC(2025, 0, 3)).deletedAt).toBe("2025-01-02T00:00:00.000Z");
    expect(getRun(db, id).deletedAt).toBe("2025-01-02T00:00:00.000Z");
    expect(restoreRun(db, id).deletedAt).toBeNull();
    expect(restoreRun(db, id).deletedAt).toBeNull();
  });

  it("refuses (409) a launched run while its job is in flight, and deletes it once the job ended", () => {
    const id = newRun({ status: "queued", recipe: "demo", pool: "local" });
    const pk = db.$client.prepare("SELECT pk FROM runs WHERE id = ?").pluck().get(id) as number;
    enqueueJob(db.$client, { runPk: pk, pool: "local", argv: ["true"], env: {}, resources: { gpus: 0 }, maxAttempts: 1 });
    expect(() => deleteRun(db, id)).toThrow(ConflictError);
    expect(() => deleteRun(db, id)).toThrow(`Run '${id}' is queued on pool 'local': cancel it first`);
    expect(getRun(db, id).deletedAt).toBeNull();
    endJob(db.$client, pk, "canceled", null, "canceled while queued");
    expect(deleteRun(db, id).deletedAt).not.toBeNull();
  });

  it("deletes a run a trainer logs on its own at any status (a crashed trainer never finishes its run)", () => {
    for (const status of RUN_STATUSES) {
      expect(deleteRun(db, newRun({ status })).deletedAt, status).not.toBeNull();
    }
  });

  it("404s for an unknown run", () => {
    expect(() => deleteRun(db, "nosuchrun")).toThrow(NotFoundError);
    expect(() => restoreRun(db, "nosuchrun")).toThrow(NotFoundError);
  });

  it("keeps the run's metrics, evals and logs untouched", () => {
    const id = newRun({ status: "running" });
    appendMetricBatch(db, id, { batchId: "m", points: [{ key: "skill/editing/pass@1", step: 1, value: 0.5 }] });
    appendEvalBatch(db, id, { batchId: "e", evals: [{ benchmark: "swe_verified", attempt: 0, step: 1, score: 0.25 }] });
    appendLogBatch(db, id, { batchId: "l", chunks: [{ stream: "stdout", text: "hello\n" }] });
    db.$client.prepare("UPDATE runs SET status = 'succeeded' WHERE id = ?").run(id);
    const before = { keys: listRunMetricKeys(db, id), evals: getRunEvals(db, id), logs: readLogs(db, id).chunks };
    deleteRun(db, id);
    expect({ keys: listRunMetricKeys(db, id), evals: getRunEvals(db, id), logs: readLogs(db, id).chunks }).toEqual(before);
    restoreRun(db, id);
    expect(listRunMetricKeys(db, id)).toEqual(before.keys);
  });
});

describe("listRuns and the trash", () => {
  it("hides deleted runs by default; `only` and `include` ask for them; other filters still apply", () => {
    const kept = newRun({ project: "p", tags: ["a"] });
    const gone = newRun({ project: "p", tags: ["a"] });
    const elsewhere = newRun({ project: "q" });
    deleteRun(db, gone);
    deleteRun(db, elsewhere);
    expect(ids({ project: "p" })).toEqual([kept]);
    expect(ids({ project: "p", deleted: "exclude" })).toEqual([kept]);
    expect(ids({ project: "p", deleted: "only" })).toEqual([gone]);
    expect(ids({ project: "p", deleted: "include" })).toEqual([kept, gone].sort());
    expect(ids({ deleted: "only", tag: "a" })).toEqual([gone]);
    expect(ids({ deleted: "only" })).toEqual([gone, elsewhere].sort());
    expect(countDeletedRuns(db)).toBe(2);
    expect(countDeletedRuns(db, "p")).toBe(1);
    expect(countDeletedRuns(db, "none")).toBe(0);
    restoreRun(db, gone);
    expect(ids({ project: "p" })).toEqual([kept, gone].sort());
    expect(countDeletedRuns(db, "p")).toBe(0);
  });
});
