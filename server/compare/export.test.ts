import { describe, expect, it } from "vitest";
import { bestInColumns, compareWithBaseline } from "./deltas";
import { escapeLatex, exportTable, formatTableDelta, formatTableValue, toCsv, toLatex, toMarkdown } from "./export";
import { buildCompareTable } from "./table";
import { ABLATION, COLUMNS, SKILLS } from "./test-fixtures";

const table = buildCompareTable({ runs: ABLATION, columns: COLUMNS, projectSkills: SKILLS, mode: { kind: "final" }, mergeSeeds: true });
const withBaseline = exportTable(table, compareWithBaseline(table, "sft"), bestInColumns(table));
const plain = exportTable(table, null, bestInColumns(table));

describe("number formats", () => {
  it("prints rates as percent with one decimal and signed deltas", () => {
    expect(formatTableValue(0.4567, true)).toBe("45.7");
    expect(formatTableValue(12.3456, false)).toBe("12.35");
    expect(formatTableDelta(0.034, true)).toBe("+3.4");
    expect(formatTableDelta(-0.034, true, "−")).toBe("−3.4");
    expect(formatTableDelta(-0.0001, true)).toBe("+0.0");
  });
});

describe("CSV", () => {
  it("has one row per table row, with std and delta columns", () => {
    expect(toCsv(withBaseline)).toBe(
      [
        "row,runs,editing,editing std,editing delta,review,review std,review delta,swe_verified,swe_verified std,swe_verified delta,Average,Average std,Average delta,in-domain gain,out-of-domain gain,gap",
        "joint,3,70.0,10.0,+30.0,60.0,10.0,+20.0,40.0,10.0,+20.0,56.7,10.0,+23.3,+25.0,+20.0,+5.0",
        "only-editing,2,85.0,7.1,+45.0,25.0,7.1,-15.0,20.0,0.0,+0.0,43.3,0.0,+10.0,+45.0,-7.5,+52.5",
        "sft (baseline),1,40.0,,,40.0,,,20.0,,,33.3,,,,,",
        "",
      ].join("\n"),
    );
  });
  it("leaves delta columns out without a baseline, std columns without seeds, and quotes awkward labels", () => {
    expect(toCsv(plain).split("\n")[0]).toBe("row,runs,editing,editing std,review,review std,swe_verified,swe_verified std,Average,Average std");
    const csv = toCsv({ ...plain, rows: [{ ...plain.rows[2], label: 'sft, "v2"' }] });
    expect(csv).toBe('row,runs,editing,review,swe_verified,Average\n"sft, ""v2""",1,40.0,40.0,20.0,33.3\n');
  });
});

describe("Markdown", () => {
  it("bolds the best, shows ± std and (delta)", () => {
    expect(toMarkdown(withBaseline)).toBe(
      [
        "| Configuration | editing | review | swe_verified | Average |",
        "| --- | ---: | ---: | ---: | ---: |",
        "| joint | 70.0 ± 10.0 (+30.0) | **60.0** ± 10.0 (+20.0) | **40.0** ± 10.0 (+20.0) | **56.7** ± 10.0 (+23.3) |",
        "| only-editing | **85.0** ± 7.1 (+45.0) | 25.0 ± 7.1 (-15.0) | 20.0 ± 0.0 (+0.0) | 43.3 ± 0.0 (+10.0) |",
        "| sft (baseline) | 40.0 | 40.0 | 20.0 | 33.3 |",
        "",
      ].join("\n"),
    );
  });
});

describe("LaTeX", () => {
  it("escapes special characters", () => {
    expect(escapeLatex("swe_verified 50% & #1 {x}")).toBe("swe\\_verified 50\\% \\& \\#1 \\{x\\}");
  });
  it("writes a booktabs tabular with grouped headers", () => {
    const tex = toLatex(withBaseline);
    expect(tex).toContain("\\begin{tabular}{lcccc}");
    expect(tex).toContain(" & \\multicolumn{2}{c}{Atomic skills} & \\multicolumn{1}{c}{OOD benchmarks} &  \\\\");
    expect(tex).toContain("\\cmidrule(lr){2-3} \\cmidrule(lr){4-4}");
    expect(tex).toContain("Configuration & editing & review & swe\\_verified & Avg. \\\\");
    expect(tex).toContain("joint & 70.0$_{\\pm 10.0}$ {\\scriptsize (+30.0)} & \\textbf{60.0}$_{\\pm 10.0}$ {\\scriptsize (+20.0)} &");
    expect(tex).toContain("sft (baseline) & 40.0 & 40.0 & 20.0 & 33.3 \\\\");
    const lines = tex.trim().split("\n");
    expect(lines.filter((l) => /^\\(toprule|midrule|bottomrule)$/.test(l))).toEqual(["\\toprule", "\\midrule", "\\bottomrule"]);
    expect(lines.at(-1)).toBe("\\end{tabular}");
  });
});
