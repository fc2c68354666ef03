import { describe, expect, it } from "vitest";
import { compareHref, looksLikeBaseline, parseCompareParams, serializeCompareParams } from "./compare-params";

describe("compare URL", () => {
  it("round-trips, leaving defaults out", () => {
    const p = { runs: ["a1", "b2"], group: "abl 1", project: "", value: { kind: "step" as const, step: 50 }, mergeSeeds: false, baseline: "a1", view: "" as const, allRuns: false };
    const qs = serializeCompareParams(p);
    expect(qs).toBe("?runs=a1,b2&group=abl%201&value=step%3A50&seeds=0&baseline=a1");
    expect(parseCompareParams(new URLSearchParams(`${qs}&view=tasks`))).toEqual({ ...p, view: "tasks" });
    expect(parseCompareParams(new URLSearchParams(qs))).toEqual(p);
  });
  it("keeps the all-runs chart mode", () => {
    const p = parseCompareParams(new URLSearchParams("group=g&curves=runs"));
    expect(p.allRuns).toBe(true);
    expect(serializeCompareParams(p)).toBe("?group=g&curves=runs");
  });
  it("reads comma lists and repeated runs params, without duplicates", () => {
    expect(parseCompareParams(new URLSearchParams("runs=a,b&runs=c,a")).runs).toEqual(["a", "b", "c"]);
  });
  it("builds links from the runs table", () => {
    expect(compareHref({ runs: ["x", "y"] })).toBe("/compare?runs=x,y");
    expect(compareHref({ group: "g", project: "p" })).toBe("/compare?group=g&project=p");
  });
  it("recognises baseline-like names", () => {
    expect(["sft", "SFT-base", "baseline", "reference"].every(looksLikeBaseline)).toBe(true);
    expect(["joint", "sftish", "only-editing"].some(looksLikeBaseline)).toBe(false);
  });
});
