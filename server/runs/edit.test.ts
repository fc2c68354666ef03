import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db";
import { BadRequestError, NotFoundError } from "../errors";
import { updateRun } from "./edit";
import { createRun, getRun } from "./service";
import { deleteRun } from "./trash";

/** Renaming, tagging and annotating a run against a real SQLite file. */
let db: Db;
let id: string;
beforeEach(() => {
  db = openDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "runs-edit-")), "skillboard.db"));
  id = createRun(db, { name: "first-name", tags: ["old"], notes: "old notes", status: "succeeded" }).run.id;
});

function badRequest(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(BadRequestError);
    return (e as Error).message;
  }
  throw new Error("expected a 400");
}

describe("updateRun", () => {
  it("changes only the fields given, trimmed", () => {
    const renamed = updateRun(db, id, { name: "  joint-grpo v2 " }, 1_000);
    expect(renamed).toMatchObject({ name: "joint-grpo v2", tags: ["old"], notes: "old notes", updatedAt: new Date(1_000).toISOString() });
    expect(updateRun(db, id, { notes: "line 1\nline 2" })).toMatchObject({ name: "joint-grpo v2", tags: ["old"], notes: "line 1\nline 2" });
    expect(getRun(db, id).notes).toBe("line 1\nline 2");
  });

  it("stores tags in the order given, trimmed, each once", () => {
    expect(updateRun(db, id, { tags: ["joint", " seed-1 ", "joint", "ablation", "seed-1"] }).tags).toEqual(["joint", "seed-1", "ablation"]);
    expect(updateRun(db, id, { tags: [] }).tags).toEqual([]);
    const fifty = Array.from({ length: 50 }, (_, i) => `t${i}`);
    expect(updateRun(db, id, { tags: [...fifty, ...fifty] }).tags).toEqual(fifty);
  });

  it("clears notes with an empty string (or null, or blanks)", () => {
    expect(updateRun(db, id, { notes: "" }).notes).toBeNull();
    updateRun(db, id, { notes: "x" });
    expect(updateRun(db, id, { notes: null }).notes).toBeNull();
    updateRun(db, id, { notes: "x" });
    expect(updateRun(db, id, { notes: " \n " }).notes).toBeNull();
  });

  it("refuses bad values with a message naming the field, and changes nothing", () => {
    expect(badRequest(() => updateRun(db, id, { name: "   " }))).toBe("name: must not be empty");
    expect(badRequest(() => updateRun(db, id, { name: "x".repeat(201) }))).toBe("name: at most 200 characters");
    expect(badRequest(() => updateRun(db, id, { name: 42 as never }))).toBe("name: expected a string");
    expect(badRequest(() => updateRun(db, id, { tags: ["ok", " "] }))).toBe("tags.1: a tag must not be empty");
    expect(badRequest(() => updateRun(db, id, { tags: ["x".repeat(65)] }))).toBe("tags.0: a tag has at most 64 characters");
    expect(badRequest(() => updateRun(db, id, { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }))).toBe("tags: at most 50 distinct tags");
    expect(badRequest(() => updateRun(db, id, { tags: "joint" as never }))).toBe("tags: expected an array of strings");
    expect(badRequest(() => updateRun(db, id, { notes: "x".repeat(20_001) }))).toBe("notes: at most 20,000 characters");
    expect(badRequest(() => updateRun(db, id, { status: "failed" } as never))).toMatch(/Unrecognized key: "status"/);
    expect(getRun(db, id)).toMatchObject({ name: "first-name", tags: ["old"], notes: "old notes" });
    expect(updateRun(db, id, { notes: "x".repeat(20_000) }).notes).toHaveLength(20_000);
  });

  it("404s for an unknown run; edits a running run and one in the trash", () => {
    expect(() => updateRun(db, "nosuchrun", { name: "x" })).toThrow(NotFoundError);
    const running = createRun(db, { name: "live" }).run.id;
    expect(updateRun(db, running, { tags: ["live"] })).toMatchObject({ status: "running", tags: ["live"] });
    deleteRun(db, id);
    expect(updateRun(db, id, { name: "trashed" })).toMatchObject({ name: "trashed", deletedAt: expect.any(String) });
  });

  it("an empty patch changes nothing", () => {
    const before = getRun(db, id);
    expect(updateRun(db, id, {})).toEqual(before);
  });
});
