import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db";
import { BadRequestError } from "../errors";
import { latestPass1ForRuns } from "../metric-mapping/read";
import { appendMetricBatch } from "../metrics/ingest";
import { listRunsPage } from "./page";
import type { RunsFilter } from "./page-input";
import { createRun, listRuns, type RunView } from "./service";
import { STATUS_ORDER, type RunSortKey } from "./sort-keys";

/**
 * The runs table's server-side paging against a real SQLite file: every order
 * paged a few rows at a time gives exactly the order computed here from all
 * rows (ties on the sort value, missing values last), under every filter.
 */
let db: Db;
const pkOf = new Map<string, number>();
const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 0, 1);

function put(project: string, name: string, o: { group?: string; tags?: string[]; status?: string; created: number; started?: number | null; ended?: number | null; deleted?: boolean }) {
  const id = createRun(db, { project, name, group: o.group, tags: o.tags, status: "succeeded" }).run.id;
  db.$client
    .prepare("UPDATE runs SET status = ?, created_at = ?, started_at = ?, ended_at = ?, deleted_at = ? WHERE id = ?")
    .run(o.status ?? "succeeded", o.created, o.started ?? null, o.ended ?? null, o.deleted ? T0 : null, id);
  pkOf.set(id, db.$client.prepare("SELECT pk FROM runs WHERE id = ?").pluck().get(id) as number);
  return id;
}

const pass1 = (id: string, key: string, value: number) =>
  appendMetricBatch(db, id, { batchId: `${id}-${key}`, points: [{ key, step: 1, value }] });

beforeAll(() => {
  db = openDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "runs-page-")), "skillboard.db"));
  const groups = ["alpha", "Beta", "gamma", undefined];
  const statuses = ["succeeded", "failed", "running", "queued", "canceled", "succeeded"];
  for (let i = 0; i < 40; i++) {
    const running = statuses[i % statuses.length] === "running";
    const id = put("paging", i % 7 === 0 ? `Run-${i % 5}` : `run-${i % 5}-${i}`, {
      group: groups[i % groups.length],
      tags: i % 3 === 0 ? ["joint", `seed-${i % 2}`] : i % 3 === 1 ? ["only-editing"] : [],
      status: statuses[i % statuses.length],
      // Ties: every created time and duration is shared by several runs.
      created: T0 + Math.floor(i / 3) * HOUR,
      started: i % 8 === 5 ? null : running ? T0 - 10 * 24 * HOUR : T0 + HOUR,
      ended: running || i % 8 === 5 ? null : T0 + HOUR + (i % 4) * 60_000,
      deleted: i % 11 === 10,
    });
    if (i % 4 === 0) pass1(id, "skill/editing/pass@1", (i % 3) / 4);
    else if (i % 4 === 1) pass1(id, "val-core/editing/reward/mean@3", (i % 5) / 5);
    if (i % 8 === 0) pass1(id, "val-core/editing/reward/mean@3", 0.99); // Skillboard's own key ranks first
  }
  put("other", "run-other-1", { group: "alpha", tags: ["joint"], created: T0 + 100 * HOUR });
  put("other", "run-other-2", { created: T0 + 101 * HOUR, status: "failed" });
});

const all = (): RunView[] => listRuns(db, { deleted: "include", limit: 10_000 });

function passes(r: RunView, f: RunsFilter): boolean {
  const deleted = f.deleted ?? "exclude";
  const q = f.search?.trim().toLowerCase();
  return (
    (!f.project || r.project === f.project) &&
    (deleted === "include" || (deleted === "only") === (r.deletedAt != null)) &&
    (!f.group || r.group === f.group) &&
    (!f.status || r.status === f.status) &&
    (!f.tag || r.tags.includes(f.tag)) &&
    (!q || r.name.toLowerCase().includes(q) || r.id.toLowerCase().includes(q))
  );
}

function sortValue(sort: RunSortKey, runs: RunView[], now: number): (r: RunView) => number | string | null {
  switch (sort) {
    case "created":
      return (r) => Date.parse(r.createdAt);
    case "name":
      return (r) => r.name.toLowerCase();
    case "status":
      return (r) => STATUS_ORDER.indexOf(r.status);
    case "group":
      return (r) => r.group?.toLowerCase() ?? null;
    case "duration":
      return (r) => (r.startedAt == null ? null : r.endedAt ? r.durationMs : r.status === "running" ? now - Date.parse(r.startedAt) : null);
    default: {
      const skill = sort.slice("pass1:".length);
      const latest = latestPass1ForRuns(db, runs, [skill]);
      return (r) => latest[r.id]?.[`skill/${skill}/pass@1`] ?? null;
    }
  }
}

/** The order the table promises: by value, then by key in the same direction; missing values last either way. */
function expected(f: RunsFilter, sort: RunSortKey, dir: "asc" | "desc"): string[] {
  const runs = all().filter((r) => passes(r, f));
  const value = sortValue(sort, runs, Date.now());
  const sign = dir === "asc" ? 1 : -1;
  return runs
    .map((r) => ({ id: r.id, v: value(r), pk: pkOf.get(r.id)! }))
    .sort((a, b) => {
      if (a.v == null || b.v == null) return a.v == null && b.v == null ? sign * (a.pk - b.pk) : a.v == null ? 1 : -1;
      const c = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
      return c !== 0 ? sign * c : sign * (a.pk - b.pk);
    })
    .map((x) => x.id);
}

function pageAll(f: RunsFilter, sort: RunSortKey, dir: "asc" | "desc", limit: number, pass1RunScanMax?: number): string[] {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 200; pages++) {
    const page = listRunsPage(db, { ...f, sort, dir, limit, cursor }, { pass1RunScanMax });
    ids.push(...page.runs.map((r) => r.id));
    if (!(cursor = page.nextCursor)) return ids;
  }
  throw new Error("paging did not end");
}

const SORTS: RunSortKey[] = ["created", "name", "status", "group", "duration", "pass1:editing", "pass1:review"];
const FILTERS: RunsFilter[] = [
  {},
  { project: "paging" },
  { project: "paging", deleted: "only" },
  { deleted: "include", status: "succeeded" },
  { project: "paging", group: "alpha" },
  { tag: "joint" },
  { project: "paging", search: "RUN-1" },
  { search: "n-" },
  { project: "paging", group: "Beta", tag: "only-editing", status: "failed" },
  { project: "no-such-project" },
];

describe("listRunsPage", () => {
  for (const sort of SORTS) {
    for (const dir of ["asc", "desc"] as const) {
      it(`pages by ${sort} ${dir} in the promised order under every filter`, () => {
        for (const f of FILTERS) {
          const want = expected(f, sort, dir);
          expect(pageAll(f, sort, dir, 3), JSON.stringify(f)).toEqual(want);
          expect(pageAll(f, sort, dir, 1000), JSON.stringify(f)).toEqual(want);
          if (sort.startsWith("pass1:")) {
            // The other plan (runs read in value order from the index) gives the same order.
            expect(pageAll(f, sort, dir, 4, 0), JSON.stringify(f)).toEqual(want);
          }
        }
      });
    }
  }

  it("counts the scope and the matches on the first page", () => {
    const scope = all().filter((r) => passes(r, { project: "paging" })).length;
    const first = listRunsPage(db, { project: "paging", tag: "joint", limit: 2 });
    expect(first.total).toBe(scope);
    expect(first.matched).toBe(all().filter((r) => passes(r, { project: "paging", tag: "joint" })).length);
    expect(first.matched).toBeLessThan(scope);
    expect(listRunsPage(db, { project: "paging", limit: 2 }).matched).toBe(scope);
    expect(listRunsPage(db, { project: "paging", limit: 2, cursor: first.nextCursor }, { counts: false })).toMatchObject({ total: null, matched: null });
    expect(listRunsPage(db, { project: "no-such-project" })).toMatchObject({ runs: [], total: 0, matched: 0, nextCursor: null });
  });

  it("refuses a cursor of another order, and one it did not make, with 400", () => {
    const { nextCursor } = listRunsPage(db, { sort: "name", limit: 2 });
    expect(() => listRunsPage(db, { sort: "created", cursor: nextCursor })).toThrow(BadRequestError);
    expect(() => listRunsPage(db, { sort: "name", dir: "asc", cursor: nextCursor })).toThrow(/cursor: not a cursor this API returned/);
    expect(() => listRunsPage(db, { cursor: "not-a-cursor" })).toThrow(BadRequestError);
    expect(() => listRunsPage(db, { sort: "size" as RunSortKey })).toThrow(/sort: expected name, status/);
    expect(() => listRunsPage(db, { limit: 0 })).toThrow(BadRequestError);
  });
});

describe("listRunsPage over a common tag and a broad search", () => {
  it("pages and counts them as it does a rare tag (each run checked in order rather than listed)", () => {
    const project = createRun(db, { project: "bulk", name: "bulk-first", tags: ["common"] }).run.project;
    const projectId = db.$client.prepare("SELECT id FROM projects WHERE name = ?").pluck().get(project) as number;
    const insert = db.$client.prepare(
      "INSERT INTO runs (id, project_id, name, config, status, created_at, updated_at, tags) VALUES (?, ?, ?, '{}', 'succeeded', ?, ?, ?)",
    );
    db.$client.transaction(() => {
      for (let i = 0; i < 2100; i++) insert.run(`bulk-${i}`, projectId, `bulk-run-${i % 7}`, T0 + (i % 50), T0, JSON.stringify(i % 3 ? ["common"] : ["common", "third"]));
    })();
    for (const [id, pk] of db.$client.prepare("SELECT id, pk FROM runs WHERE project_id = ?").raw().all(projectId) as [string, number][]) pkOf.set(id, pk);
    for (const f of [{ project: "bulk", tag: "common" }, { project: "bulk", search: "bulk-run" }, { project: "bulk", tag: "common", search: "RUN-3" }] as RunsFilter[]) {
      for (const sort of ["created", "name"] as const) {
        expect(pageAll(f, sort, "desc", 500), JSON.stringify(f)).toEqual(expected(f, sort, "desc"));
      }
      expect(listRunsPage(db, { ...f, limit: 1 }).matched).toBe(expected(f, "created", "desc").length);
    }
  });
});
