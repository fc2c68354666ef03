import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startBackgroundCheckpoints } from "./background-checkpoints";
import { openDatabase } from "./index";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-checkpoints-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes about 4 MB in a few transactions. */
function writeSome(sqlite: ReturnType<typeof openDatabase>["$client"], round: number) {
  const insert = sqlite.prepare("INSERT INTO t (round, body) VALUES (?, ?)");
  for (let i = 0; i < 8; i++) sqlite.transaction(() => insert.run(round, Buffer.alloc(512 * 1024, round)))();
}

describe("startBackgroundCheckpoints", () => {
  it("keeps the WAL from growing without SQLite's checkpoint on commit, and hands it back at stop", async () => {
    const db = openDatabase(path.join(dir, "a.db"));
    const sqlite = db.$client;
    sqlite.exec("CREATE TABLE t (round INTEGER, body BLOB)");
    const wal = () => fs.statSync(`${sqlite.name}-wal`).size;
    const checkpoints = startBackgroundCheckpoints(sqlite, { intervalMs: 20 });
    expect(sqlite.pragma("wal_autocheckpoint", { simple: true })).toBe(0);

    writeSome(sqlite, 1);
    await sleep(300); // the worker copies the WAL into the database file; the next write starts it over
    const afterOne = wal();
    for (let round = 2; round <= 5; round++) {
      writeSome(sqlite, round);
      await sleep(300);
    }
    // Five rounds of 4 MB with no checkpoint on commit: a WAL that was never checkpointed would hold all 20 MB.
    expect(wal()).toBeLessThanOrEqual(afterOne + 1024 * 1024);
    expect(sqlite.prepare("SELECT count(*) FROM t").pluck().get()).toBe(40);

    await checkpoints.stop();
    expect(sqlite.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    sqlite.close();
    // Everything is in the database file (or its WAL): a fresh connection reads all of it.
    const again = openDatabase(path.join(dir, "a.db"));
    expect(again.$client.prepare("SELECT count(*), sum(length(body)) FROM t").raw().get()).toEqual([40, 40 * 512 * 1024]);
    again.$client.close();
  });
});
