import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db";
import type { AppContext } from "../context";
import { createCaller } from "../root";
import { createRun } from "../runs/service";
import { deleteRun } from "../runs/trash";

/** Runs in the trash leave the compare page's group picker and group expansion; a run asked for by id still compares. */
let db: Db;
const ids: Record<string, string> = {};
beforeAll(() => {
  db = openDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "compare-trash-")), "skillboard.db"));
  for (const name of ["joint", "only-editing", "sft"]) ids[name] = createRun(db, { name, group: "abl", status: "succeeded" }).run.id;
  ids.lone = createRun(db, { name: "lone", group: "all-deleted", status: "succeeded" }).run.id;
  deleteRun(db, ids.sft);
  deleteRun(db, ids.lone);
});
const compare = () => createCaller({ app: { db } as AppContext, principal: null }).compare;

describe("compare and the trash", () => {
  it("counts only runs outside the trash in the group picker, and drops groups whose runs are all deleted", async () => {
    expect(await compare().groups({})).toEqual({ groups: [expect.objectContaining({ group: "abl", runs: 2 })], more: false });
  });

  it("expands a group without its deleted runs", async () => {
    const { runs } = await compare().table({ group: "abl" });
    expect(runs.map((r) => r.name)).toEqual(["joint", "only-editing"]);
  });

  it("still compares a deleted run named by id", async () => {
    const { runs, missing } = await compare().table({ runs: [ids.sft, ids.joint] });
    expect(runs.map((r) => r.name)).toEqual(["sft", "joint"]);
    expect(runs[0].deletedAt).not.toBeNull();
    expect(missing).toEqual([]);
  });
});
