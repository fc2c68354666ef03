import { describe, expect, it } from "vitest";
import { parseTaskGridParams, taskCompareHref, toTaskGridInput, withTaskGridParams } from "./task-grid-params";

describe("tasks view URL", () => {
  it("round-trips its keys beside the compare page's, defaults left out", () => {
    const base = new URLSearchParams("runs=a,b&view=tasks");
    const p = { ...parseTaskGridParams(base), stepMode: { kind: "step" as const, step: 40 }, only: "aNotB" as const, split: "eval" as const, page: 2 };
    const q = withTaskGridParams(base, p);
    expect(q.toString()).toBe("runs=a%2Cb&view=tasks&at=40&split=eval&only=aNotB&page=2");
    expect(parseTaskGridParams(q)).toEqual(p);
    expect(withTaskGridParams(q, parseTaskGridParams(base)).toString()).toBe("runs=a%2Cb&view=tasks");
  });
  it("builds the grid query, falling back to the first two runs for a bad pair", () => {
    const p = parseTaskGridParams(new URLSearchParams("at=all&a=1&b=1&page=1&only=bNotA"));
    expect(toTaskGridInput(["x", "y", "z"], p)).toMatchObject({ stepMode: { kind: "all" }, a: 0, b: 1, only: "bNotA", offset: 100 });
    expect(toTaskGridInput(["x"], p)).toMatchObject({ only: "all" });
    expect(taskCompareHref("django__django-1 #2", ["r1", "r2"])).toBe("/compare/tasks/django__django-1%20%232?runs=r1,r2");
  });
});
