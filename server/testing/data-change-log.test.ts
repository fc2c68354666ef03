import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { diffDataFiles, listDataFiles, watchDataChanges } from "./data-change-log";

// The fuzz's judge of "a refused request changed nothing": it must see every real change and nothing else.
describe("the data change log", () => {
  const open = () => {
    const db = new Database(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dcl-")), "skillboard.db"));
    db.exec("CREATE TABLE runs (pk INTEGER PRIMARY KEY, name TEXT); CREATE TABLE api_keys (id INTEGER PRIMARY KEY, name TEXT, last_used_at INTEGER)");
    db.exec("INSERT INTO runs VALUES (1, 'a'); INSERT INTO api_keys VALUES (1, 'k', NULL)");
    return db;
  };

  it("logs committed inserts, deletes and real updates, per table", () => {
    const db = open();
    const log = watchDataChanges(db);
    expect(log.take()).toEqual([]);
    db.exec("INSERT INTO runs VALUES (2, 'b'); UPDATE runs SET name = 'c' WHERE pk = 1; DELETE FROM runs WHERE pk = 2");
    expect(log.take()).toEqual([
      { table: "runs", op: "delete", rows: 1 },
      { table: "runs", op: "insert", rows: 1 },
      { table: "runs", op: "update", rows: 1 },
    ]);
    expect(log.take()).toEqual([]);
  });

  it("ignores updates that change nothing, bookkeeping columns, and rolled-back transactions", () => {
    const db = open();
    const log = watchDataChanges(db);
    db.exec("UPDATE runs SET name = 'a'; UPDATE api_keys SET last_used_at = 123");
    expect(() =>
      db.transaction(() => {
        db.exec("INSERT INTO runs VALUES (3, 'x')");
        throw new Error("refused");
      })(),
    ).toThrow("refused");
    expect(log.take()).toEqual([]);
    db.exec("UPDATE api_keys SET name = 'renamed'");
    expect(log.take()).toEqual([{ table: "api_keys", op: "update", rows: 1 }]);
  });

  it("lists the data folder's files without the database and tells what changed", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dcl-files-"));
    fs.writeFileSync(path.join(dir, "skillboard.db"), "");
    fs.mkdirSync(path.join(dir, "blobs/ab"), { recursive: true });
    fs.writeFileSync(path.join(dir, "blobs/ab/1"), "x");
    const before = listDataFiles(dir);
    expect([...before]).toEqual(["blobs/ab/1"]);
    fs.writeFileSync(path.join(dir, "blobs/ab/2"), "");
    fs.rmSync(path.join(dir, "blobs/ab/1"));
    expect(diffDataFiles(before, listDataFiles(dir))).toEqual(["+blobs/ab/2", "-blobs/ab/1"]);
  });
});
