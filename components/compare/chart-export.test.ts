import { describe, expect, it } from "vitest";
import { composeChartSvg, fileSlug, svgDocSize } from "./chart-export";

describe("composeChartSvg", () => {
  const doc = composeChartSvg({
    svg: '<svg class="recharts-surface" width="400" height="200" viewBox="0 0 400 200" style="width:100%"><path d="M0,0L1,1"/></svg>',
    width: 400,
    height: 200,
    title: "editing <Pass@1>",
    subtitle: "final",
    legend: [
      { label: "joint", color: "#2563eb" },
      { label: "only-editing", color: "#e11d48" },
    ],
  });
  it("is a standalone SVG with a white background, a title and the chart below it", () => {
    expect(doc.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="400" height="254"')).toBe(true);
    expect(doc).toContain('<rect width="100%" height="100%" fill="#ffffff"/>');
    expect(doc).toContain("editing &lt;Pass@1&gt;");
    expect(doc).toContain('<svg viewBox="0 0 400 200" x="0" y="28" width="400" height="200"><path d="M0,0L1,1"/></svg>');
  });
  it("draws the legend in the file", () => {
    expect(doc).toContain('fill="#e11d48"');
    expect(doc).toContain(">only-editing</text>");
  });
  it("reports its size", () => {
    expect(svgDocSize(doc)).toEqual({ width: 400, height: 254 });
  });
});

describe("fileSlug", () => {
  it("keeps names readable and safe", () => {
    expect(fileSlug("swe_verified Avg@3")).toBe("swe_verified-avg-3");
    expect(fileSlug("///")).toBe("chart");
  });
});
