import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db";
import { createRun } from "../runs/service";
import { COMPARE_GROUPS_SHOWN, listCompareGroups } from "./groups";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-compare-groups-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("listCompareGroups", () => {
  it("offers the groups with the newest runs first, counted over the whole history, within a project when asked", async () => {
    const db = openDatabase(path.join(dir, "groups.db"));
    const total = COMPARE_GROUPS_SHOWN + 20;
    for (let g = 0; g < total; g++) {
      for (let seed = 0; seed < (g % 3) + 1; seed++) createRun(db, { project: g % 2 ? "odd" : "even", group: `sweep-${g}`, name: `s${seed}`, config: { seed } });
    }
    // An old group gets a new run (a few milliseconds later: creation times are in ms): it moves to the front.
    await new Promise((r) => setTimeout(r, 5));
    createRun(db, { project: "even", group: "sweep-0", name: "late", config: {} });

    const all = listCompareGroups(db);
    expect(all.more).toBe(true);
    expect(all.groups).toHaveLength(COMPARE_GROUPS_SHOWN);
    expect(all.groups[0]).toMatchObject({ group: "sweep-0", project: "even", runs: 2 });
    expect(all.groups[1]).toMatchObject({ group: `sweep-${total - 1}`, project: "odd", runs: ((total - 1) % 3) + 1 });

    const odd = listCompareGroups(db, "odd");
    expect(odd).toMatchObject({ more: false });
    expect(odd.groups).toHaveLength(total / 2);
    expect(new Set(odd.groups.map((g) => g.project))).toEqual(new Set(["odd"]));
    expect(listCompareGroups(db, "no-such-project")).toEqual({ groups: [], more: false });
  });
});
