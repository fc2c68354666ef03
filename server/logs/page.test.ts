import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db";
import { createRun } from "../runs/service";
import { LOG_PAGE_SQL, readLogPage } from "./page";
import { appendLogBatch } from "./service";

let db: Db;
let dir: string;
let runId: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-logpage-"));
  db = openDatabase(path.join(dir, "t.db"));
  runId = createRun(db, { name: "logs" }).run.id;
  // 100 chunks of 10 characters: "chunk-001\n" … "chunk-100\n", odd ones on stderr.
  const chunks = Array.from({ length: 100 }, (_, i) => ({ stream: i % 2 ? "stderr" : "stdout", text: `chunk-${String(i + 1).padStart(3, "0")}\n` }));
  appendLogBatch(db, runId, { batchId: "b1", chunks });
});
afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const seqs = (p: { chunks: { seq: number }[] }) => p.chunks.map((c) => c.seq);

describe("readLogPage", () => {
  it("reads the tail first, oldest chunk first, with the log's bounds", () => {
    const page = readLogPage(db, runId, { limit: 5 });
    expect(seqs(page)).toEqual([96, 97, 98, 99, 100]);
    expect(page).toMatchObject({ firstSeq: 1, lastSeq: 100 });
    expect(page.chunks[0]).toMatchObject({ stream: "stderr", text: "chunk-096\n" });
  });

  it("pages backwards from `before` and forwards from `after`", () => {
    expect(seqs(readLogPage(db, runId, { before: 96, limit: 3 }))).toEqual([93, 94, 95]);
    expect(seqs(readLogPage(db, runId, { before: 3, limit: 10 }))).toEqual([1, 2]);
    expect(seqs(readLogPage(db, runId, { after: 97, limit: 10 }))).toEqual([98, 99, 100]);
    expect(seqs(readLogPage(db, runId, { after: 100 }))).toEqual([]);
  });

  it("stops at the character budget but always returns one chunk", () => {
    expect(seqs(readLogPage(db, runId, { maxChars: 35 }))).toEqual([98, 99, 100]);
    expect(seqs(readLogPage(db, runId, { after: 0, maxChars: 25 }))).toEqual([1, 2]);
    expect(seqs(readLogPage(db, runId, { maxChars: 1 }))).toEqual([100]);
  });

  it("answers an empty page with zero bounds for a run without output", () => {
    const empty = createRun(db, { name: "quiet" }).run.id;
    expect(readLogPage(db, empty)).toEqual({ chunks: [], firstSeq: 0, lastSeq: 0 });
  });

  it("reads the tail of a large log page by page, each read an indexed search (no scan of the log)", () => {
    const big = createRun(db, { name: "big" }).run.id;
    const line = `${"x".repeat(99)}\n`;
    const text = line.repeat(2_000); // 200 KB a chunk (under the 256 Ki characters past which a chunk is stored split)
    for (let b = 0; b < 2; b++) {
      appendLogBatch(db, big, { batchId: `big-${b}`, chunks: Array.from({ length: 10 }, () => ({ stream: "stdout", text })) });
    }
    const tail = readLogPage(db, big, { maxChars: 300 * 1024 });
    const older = readLogPage(db, big, { before: tail.chunks[0].seq, maxChars: 300 * 1024 });
    expect(tail.chunks).toHaveLength(1);
    expect(tail.lastSeq).toBe(20);
    expect(seqs(older)).toEqual([19]);
    // The plan, not a stopwatch: every statement searches the (run, seq) index and none sorts or scans.
    for (const sql of Object.values(LOG_PAGE_SQL)) {
      const plan = (db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array((sql.match(/\?/g) ?? []).length).fill(1)) as { detail: string }[]).map((r) => r.detail).join("; ");
      expect(plan, sql).toMatch(/^SEARCH log_chunks USING (PRIMARY KEY|INDEX \S+|COVERING INDEX \S+) \(run_pk=\? AND seq[<>]\?\)|^SEARCH log_chunks USING (PRIMARY KEY|INDEX \S+|COVERING INDEX \S+) \(run_pk=\?\)/);
      expect(plan, sql).not.toMatch(/SCAN|TEMP B-TREE/);
    }
  });
});
