import { describe, expect, it } from "vitest";
import { formatAxisTick, formatMetricValue, formatPercent } from "./numbers";

describe("number formats", () => {
  it("formats rates as percentages", () => {
    expect(formatPercent(0.4213)).toBe("42.1%");
    expect(formatPercent(undefined)).toBe("—");
  });
  it("keeps about four significant digits", () => {
    expect(formatMetricValue(0.012345)).toBe("0.01235");
    expect(formatMetricValue(1234.5)).toBe("1,235");
    expect(formatMetricValue(1e-6)).toBe("1e-6");
  });
  it("shortens axis ticks", () => {
    expect(formatAxisTick(1500)).toBe("1.5K");
    expect(formatAxisTick(1350)).toBe("1.35K");
    expect(formatAxisTick(0.25)).toBe("0.25");
    expect(formatAxisTick(1.05e-6)).toBe("1.05e-6");
    expect(formatAxisTick(1e-6)).toBe("1e-6");
  });
});
