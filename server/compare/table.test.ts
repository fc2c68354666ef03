import { describe, expect, it } from "vitest";
import { buildCompareTable } from "./table";
import { ABLATION, COLUMNS, SKILLS } from "./test-fixtures";

const build = (mode: Parameters<typeof buildCompareTable>[0]["mode"] = { kind: "final" }, mergeSeeds = true) =>
  buildCompareTable({ runs: ABLATION, columns: COLUMNS, projectSkills: SKILLS, mode, mergeSeeds });

describe("buildCompareTable", () => {
  it("aggregates seeds as mean ± sample std", () => {
    const t = build();
    expect(t.rows.map((r) => r.label)).toEqual(["joint", "only-editing", "sft"]);
    const joint = t.rows[0];
    expect(joint.runIds).toEqual(["j1", "j2", "j3"]);
    expect(joint.cells.editing!.mean).toBeCloseTo(0.7);
    expect(joint.cells.editing!.std).toBeCloseTo(0.1);
    expect(joint.cells.editing!.n).toBe(3);
    expect(joint.cells.editing!.values).toEqual([0.6, 0.7, 0.8]);
    expect(t.rows[2].cells.editing!.std).toBeNull();
  });

  it("drops columns no row has and keeps the project's order", () => {
    expect(build().columns.map((c) => c.id)).toEqual(["editing", "review", "swe_verified"]);
  });

  it("marks a column that mixes Avg@k and Pass@1", () => {
    const t = build();
    expect(t.rows[1].cells.editing!.source).toBe("mixed");
    expect(t.rows[0].cells.editing!.source).toBe("pass@1");
    expect(t.rows[0].cells.swe_verified!.source).toBe("avg@k");
  });

  it("picks the value at step N per seed (closest logged step at or before N)", () => {
    const t = build({ kind: "step", step: 15 });
    expect(t.rows[0].cells.editing!.values).toEqual([0.4, 0.5, 0.6]);
    expect(t.rows[0].cells.editing!.steps).toEqual([10, 10, 10]);
    // Review was first logged at step 20: nothing at or before 15.
    expect(t.rows[0].cells.review).toBeNull();
    expect(t.rows[1].cells.editing!.values).toEqual([0.7, null]);
    expect(t.rows[1].cells.editing!.n).toBe(1);
  });

  it("averages each run over its columns, then over the seeds", () => {
    const joint = build().rows[0];
    // Seeds: (0.6+0.5+0.3)/3, (0.7+0.6+0.4)/3, (0.8+0.7+0.5)/3
    expect(joint.average!.values.map((v) => Number(v!.toFixed(4)))).toEqual([0.4667, 0.5667, 0.6667]);
    expect(joint.average!.mean).toBeCloseTo(0.5667, 4);
    expect(joint.average!.std).toBeCloseTo(0.1);
    expect(joint.average!.of).toBe(3);
  });

  it("keeps one row per run when seeds are not merged", () => {
    const t = build({ kind: "final" }, false);
    expect(t.rows.map((r) => r.label)).toEqual(["joint-seed1", "joint-seed2", "joint-seed3", "only-editing-seed1", "only-editing-seed2", "sft"]);
  });

  it("finds what each row trained and whether values are rates", () => {
    const t = build();
    expect(t.rows.map((r) => r.trained?.columns ?? null)).toEqual([["editing", "review"], ["editing"], null]);
    expect(t.isRate).toBe(true);
    const big = buildCompareTable({
      runs: [{ id: "a", name: "a", config: {}, tags: [], series: { editing: { source: "pass@1", points: [{ step: 1, value: 12 }] } } }],
      columns: COLUMNS,
      projectSkills: SKILLS,
      mode: { kind: "final" },
      mergeSeeds: true,
    });
    expect(big.isRate).toBe(false);
  });
});
