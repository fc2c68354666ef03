import { describe, expect, it } from "vitest";
import type { RunView } from "@/server/runs/service";
import { runView } from "./testing/run-view";
import { mergeRunChanges, type LoadedRunsPage, type RunsChangesLike } from "./merge-run-changes";

const run = runView;
const at = (minute: number) => new Date(Date.UTC(2025, 0, 1, 0, minute)).toISOString();
const page = (runs: RunView[], nextCursor: string | null, extra: Partial<LoadedRunsPage> = {}): LoadedRunsPage => ({
  runs,
  nextCursor,
  latestPass1: {},
  total: 10,
  matched: 10,
  trashed: 0,
  changesCursor: 100,
  ...extra,
});
const changes = (extra: Partial<RunsChangesLike>): RunsChangesLike => ({ runs: [], gone: [], latestPass1: {}, total: null, matched: null, trashed: null, changesCursor: 200, ...extra });
const ids = (pages: LoadedRunsPage[]) => pages.map((p) => p.runs.map((r) => r.id));
const newestFirst = { sort: "created" as const, dir: "desc" as const };

describe("mergeRunChanges", () => {
  const loaded = [page([run("r9", { createdAt: at(9) }), run("r8", { createdAt: at(8) })], "c1"), page([run("r7", { createdAt: at(7) })], "c2")];

  it("replaces changed runs where they are and drops the ones that left", () => {
    const out = mergeRunChanges(loaded, changes({ runs: [run("r8", { createdAt: at(8), status: "failed" })], gone: ["r7"], latestPass1: { r8: { "skill/editing/pass@1": 0.5 } } }), newestFirst, 0);
    expect(ids(out)).toEqual([["r9", "r8"], []]);
    expect(out[0].runs[1].status).toBe("failed");
    expect(out[0].latestPass1.r8).toEqual({ "skill/editing/pass@1": 0.5 });
  });

  it("puts a new run where the order places it, and leaves one past the loaded rows for a later page", () => {
    const out = mergeRunChanges(loaded, changes({ runs: [run("r10", { createdAt: at(10) }), run("r1", { createdAt: at(1) })] }), newestFirst, 0);
    expect(ids(out)).toEqual([["r10", "r9", "r8"], ["r7"]]);
    const byName = mergeRunChanges(loaded, changes({ runs: [run("R85", { name: "R85" })] }), { sort: "name", dir: "desc" }, 0);
    expect(ids(byName)).toEqual([["r9", "R85", "r8"], ["r7"]]);
  });

  it("appends a run that sorts last when every page is loaded", () => {
    const all = [page([run("r9", { createdAt: at(9) })], null)];
    expect(ids(mergeRunChanges(all, changes({ runs: [run("r1", { createdAt: at(1) })] }), newestFirst, 0))).toEqual([["r9", "r1"]]);
  });

  it("places by Pass@1 with runs without a value last", () => {
    const pass1 = [page([run("a"), run("b")], null, { latestPass1: { a: { "skill/editing/pass@1": 0.9 } } })];
    const out = mergeRunChanges(pass1, changes({ runs: [run("c")], latestPass1: { c: { "skill/editing/pass@1": 0.4 } } }), { sort: "pass1:editing", dir: "desc" }, 0);
    expect(ids(out)).toEqual([["a", "c", "b"]]);
    expect(out[0].latestPass1.c).toEqual({ "skill/editing/pass@1": 0.4 });
  });

  it("moves the counts and the cursor on, keeping counts a quiet poll did not send", () => {
    expect(mergeRunChanges(loaded, changes({ total: 11, matched: 3, trashed: 2 }), newestFirst, 0)[0]).toMatchObject({ total: 11, matched: 3, trashed: 2, changesCursor: 200 });
    expect(mergeRunChanges(loaded, changes({}), newestFirst, 0)[0]).toMatchObject({ total: 10, matched: 10, trashed: 0, changesCursor: 200 });
  });
});
