import { describe, expect, it } from "vitest";
import { formatDuration, formatElapsedSeconds, formatRelativeTime } from "./time";

describe("formatDuration", () => {
  it("picks the two largest units", () => {
    expect(formatDuration(42_000)).toBe("42s");
    expect(formatDuration(185_000)).toBe("3m 05s");
    expect(formatDuration(3_720_000)).toBe("1h 02m");
    expect(formatDuration(2 * 86_400_000 + 4 * 3_600_000)).toBe("2d 4h");
  });
  it("shows a dash when unknown", () => {
    expect(formatDuration(null)).toBe("—");
  });
});

describe("formatElapsedSeconds", () => {
  it("scales the unit", () => {
    expect(formatElapsedSeconds(45)).toBe("45s");
    expect(formatElapsedSeconds(90)).toBe("1.5m");
    expect(formatElapsedSeconds(7200)).toBe("2h");
  });
});

describe("formatRelativeTime", () => {
  const now = Date.parse("2025-01-10T12:00:00Z");
  it("reads like a person would say it", () => {
    expect(formatRelativeTime("2025-01-10T11:59:58Z", now)).toBe("just now");
    expect(formatRelativeTime("2025-01-10T11:55:00Z", now)).toBe("5m ago");
    expect(formatRelativeTime("2025-01-10T09:00:00Z", now)).toBe("3h ago");
    expect(formatRelativeTime("2025-01-08T12:00:00Z", now)).toBe("2d ago");
  });
});
