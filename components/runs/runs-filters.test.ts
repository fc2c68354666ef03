import { describe, expect, it } from "vitest";
import type { RunView } from "@/server/runs/service";
import { runView } from "./testing/run-view";
import { DEFAULT_FILTERS, parseRunsFilters, runsPageQuery, serializeRunsFilters, sortRuns } from "./runs-filters";

const run = runView;

describe("runs filters in the URL", () => {
  it("round-trips and leaves defaults out", () => {
    const f = { ...DEFAULT_FILTERS, status: "running" as const, search: "joint", sort: "pass1:editing" as const, dir: "asc" as const };
    expect(parseRunsFilters(new URLSearchParams(serializeRunsFilters(f)))).toEqual(f);
    expect(serializeRunsFilters(DEFAULT_FILTERS)).toBe("");
  });
  it("keeps the Trash view in the URL", () => {
    const f = { ...DEFAULT_FILTERS, trash: true, project: "p" };
    expect(serializeRunsFilters(f)).toBe("?trash=1&project=p");
    expect(parseRunsFilters(new URLSearchParams("trash=1&project=p"))).toEqual(f);
    expect(parseRunsFilters(new URLSearchParams("trash=yes")).trash).toBe(false);
  });
  it("ignores unknown statuses and sorts", () => {
    const f = parseRunsFilters(new URLSearchParams("status=bogus&sort=nope"));
    expect(f.status).toBe("");
    expect(f.sort).toBe("created");
  });
});

describe("the header's project", () => {
  it("scopes the list when the URL names none; project= (empty) is every project", () => {
    expect(parseRunsFilters(new URLSearchParams(""), "chosen").project).toBe("chosen");
    expect(parseRunsFilters(new URLSearchParams("project="), "chosen").project).toBe("");
    expect(serializeRunsFilters({ ...DEFAULT_FILTERS, project: "" }, "chosen")).toBe("?project=");
    expect(serializeRunsFilters({ ...DEFAULT_FILTERS, project: "chosen" }, "chosen")).toBe("?project=chosen");
  });
});

describe("runsPageQuery", () => {
  it("sends only the filters that are set, the Trash view as deleted=only", () => {
    expect(runsPageQuery({ ...DEFAULT_FILTERS, trash: true, search: "  joint " })).toEqual({
      project: undefined,
      deleted: "only",
      group: undefined,
      status: undefined,
      tag: undefined,
      search: "joint",
      sort: "created",
      dir: "desc",
      limit: 100,
    });
  });
});

describe("sortRuns", () => {
  const runs = [run("r1", { name: "b" }), run("r2", { name: "a" }), run("r3", { name: "c" })];
  const pass1 = { r1: { "skill/editing/pass@1": 0.5 }, r3: { "skill/editing/pass@1": 0.9 } };
  it("sorts by name both ways", () => {
    expect(sortRuns(runs, "name", "asc", {}, 0).map((r) => r.name)).toEqual(["a", "b", "c"]);
    expect(sortRuns(runs, "name", "desc", {}, 0).map((r) => r.name)).toEqual(["c", "b", "a"]);
  });
  it("sorts names case-insensitively, as the server does", () => {
    expect(sortRuns([run("x", { name: "b" }), run("y", { name: "A" }), run("z", { name: "C" })], "name", "asc", {}, 0).map((r) => r.name)).toEqual(["A", "b", "C"]);
  });
  it("sorts by a skill's Pass@1 with missing values last", () => {
    expect(sortRuns(runs, "pass1:editing", "desc", pass1, 0).map((r) => r.id)).toEqual(["r3", "r1", "r2"]);
    expect(sortRuns(runs, "pass1:editing", "asc", pass1, 0).map((r) => r.id)).toEqual(["r1", "r3", "r2"]);
  });
});
