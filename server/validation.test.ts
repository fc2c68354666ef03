import { describe, expect, it } from "vitest";
import { z } from "zod";
import { BadRequestError } from "./errors";
import { jsonDepthExceeds, MAX_JSON_DEPTH, parseOrThrow } from "./validation";

const nested = (depth: number) => JSON.parse("[".repeat(depth) + "]".repeat(depth));

describe("JSON depth at the boundary", () => {
  it("counts arrays and objects, and walks a million levels without overflowing", () => {
    expect(jsonDepthExceeds(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonDepthExceeds(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonDepthExceeds(JSON.parse('{"a":'.repeat(300) + "1" + "}".repeat(300)))).toBe(true);
    expect(jsonDepthExceeds(nested(1_000_000))).toBe(true);
    expect(jsonDepthExceeds("x")).toBe(false);
  });

  it("parseOrThrow refuses a body nested too deep for JSON.stringify with a 400 that says so", () => {
    const config = z.object({ config: z.record(z.string(), z.unknown()) });
    const deep = { config: { a: nested(10_000) } };
    expect(() => JSON.stringify(deep)).toThrow(RangeError); // what storing it would do
    expect(() => parseOrThrow(config, deep)).toThrow(BadRequestError);
    expect(() => parseOrThrow(config, deep)).toThrow(/nested deeper than 256 levels/);
    expect(parseOrThrow(config, { config: { a: nested(50) } })).toEqual({ config: { a: nested(50) } });
  });
});
