import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db";
import { createRun } from "../runs/service";
import { searchLogs } from "./search";
import { appendLogBatch } from "./service";

let db: Db;
let dir: string;
let runId: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-logsearch-"));
  db = openDatabase(path.join(dir, "t.db"));
  runId = createRun(db, { name: "logs" }).run.id;
  appendLogBatch(db, runId, {
    batchId: "b1",
    chunks: [
      { stream: "stdout", text: "step 1 loss=0.9\nstep 2 loss=0.8\n" },
      { stream: "stderr", text: "Warning: grad norm clipped\n" },
      { stream: "stdout", text: "step 3 loss=0.7\nwarning again\nrate 100%_done\n" },
    ],
  });
});
afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("searchLogs", () => {
  it("finds matching lines case-insensitively, naming chunk and line", () => {
    expect(searchLogs(db, runId, "WARNING")).toEqual({
      matches: [
        { seq: 2, line: 0, stream: "stderr", preview: "Warning: grad norm clipped" },
        { seq: 3, line: 1, stream: "stdout", preview: "warning again" },
      ],
      more: false,
    });
    expect(searchLogs(db, runId, "loss=").matches.map((m) => [m.seq, m.line])).toEqual([
      [1, 0],
      [1, 1],
      [3, 0],
    ]);
  });

  it("treats LIKE wildcards in the query literally", () => {
    expect(searchLogs(db, runId, "%_d").matches.map((m) => m.preview)).toEqual(["rate 100%_done"]);
    expect(searchLogs(db, runId, "s_ep").matches).toEqual([]);
  });

  it("stops at the limit and says there is more", () => {
    const r = searchLogs(db, runId, "step", 2);
    expect(r.matches).toHaveLength(2);
    expect(r.more).toBe(true);
    expect(searchLogs(db, runId, "step", 3).more).toBe(false);
  });

  it("cuts long lines to a preview around the match", () => {
    const id = createRun(db, { name: "long" }).run.id;
    appendLogBatch(db, id, { batchId: "l", chunks: [{ stream: "stdout", text: `${"a".repeat(5000)}NEEDLE${"b".repeat(5000)}` }] });
    const [m] = searchLogs(db, id, "needle").matches;
    expect(m.preview.length).toBeLessThan(210);
    expect(m.preview).toContain("NEEDLE");
  });
});
