import { describe, expect, it } from "vitest";
import { MAX_READABLE_LINES, planChartLines } from "./chart-lines";

const runNames = (ids: string[]) => Object.fromEntries(ids.map((id) => [id, `run ${id}`]));

/** 20 configurations × 10 seeds: cfg c holds runs `c-0` … `c-9`. */
const configurations = Array.from({ length: 20 }, (_, c) => ({ key: `${c}-0`, label: `cfg${c}`, runIds: Array.from({ length: 10 }, (_, s) => `${c}-${s}`) }));
const allIds = configurations.flatMap((c) => c.runIds);
const colorsOf = (rows: { key: string }[]) => Object.fromEntries(rows.map((r, i) => [r.key, `color${i}`]));

describe("planChartLines", () => {
  it("draws the table's rows when they are few", () => {
    const rows = configurations.slice(0, 3);
    const plan = planChartLines({ rows, configurations: rows, runNames: runNames(allIds), colors: colorsOf(rows), allRuns: false });
    expect(plan.mode).toBe("rows");
    expect(plan.lines.map((l) => [l.key, l.color, l.runIds.length])).toEqual([
      ["0-0", "color0", 10],
      ["1-0", "color1", 10],
      ["2-0", "color2", 10],
    ]);
    expect(plan.canShowAll).toBe(true);
  });

  it("summarises more rows than are readable as one mean ± band line per configuration, in its first run's colour", () => {
    const rows = allIds.map((id) => ({ key: id, label: `run ${id}`, runIds: [id] }));
    const colors = colorsOf(rows);
    const plan = planChartLines({ rows, configurations, runNames: runNames(allIds), colors, allRuns: false });
    expect(rows.length).toBeGreaterThan(MAX_READABLE_LINES);
    expect(plan.mode).toBe("configurations");
    expect(plan.lines).toHaveLength(20);
    expect(plan.lines[4]).toEqual({ key: "4-0", label: "cfg4", color: colors["4-0"], runIds: configurations[4].runIds });
    expect(plan.canShowAll).toBe(true);
  });

  it("keeps many merged rows as they are (each already a configuration)", () => {
    const plan = planChartLines({ rows: configurations, configurations, runNames: runNames(allIds), colors: colorsOf(configurations), allRuns: false });
    expect(plan.mode).toBe("rows");
    expect(plan.lines).toHaveLength(20);
  });

  it("draws every run on request, coloured by its row", () => {
    const colors = colorsOf(configurations);
    const plan = planChartLines({ rows: configurations, configurations, runNames: runNames(allIds), colors, allRuns: true });
    expect(plan.mode).toBe("runs");
    expect(plan.lines).toHaveLength(200);
    expect(plan.lines[13]).toEqual({ key: "1-3", label: "run 1-3", color: colors["1-0"], runIds: ["1-3"] });
  });

  it("offers no 'show all runs' when every line is already one run", () => {
    const rows = ["a", "b"].map((id) => ({ key: id, label: id, runIds: [id] }));
    expect(planChartLines({ rows, configurations: rows, runNames: runNames(["a", "b"]), colors: colorsOf(rows), allRuns: false }).canShowAll).toBe(false);
  });
});
