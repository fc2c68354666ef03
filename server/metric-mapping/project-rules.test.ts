import { describe, expect, it } from "vitest";
import { compilePattern, RulePatternError } from "./project-rules";

describe("compilePattern", () => {
  it("matches whole keys with * for any text, {name}, {k} and @ as _at_", () => {
    const re = compilePattern("val/{name}/pass@{k}");
    expect(re.exec("val/swe/pass@4")?.groups).toMatchObject({ name: "swe", n: "4" });
    expect(re.exec("val/swe/pass_at_4")?.groups).toMatchObject({ name: "swe", n: "4" });
    expect(re.test("xval/swe/pass@4")).toBe(false);
    expect(compilePattern("a.b/*").test("a.b/anything/else")).toBe(true);
    expect(compilePattern("a.b/*").test("aXb/x")).toBe(false);
  });
  it("refuses empty, unknown placeholders, repeats and too many wildcards with a message", () => {
    expect(() => compilePattern(" ")).toThrow(RulePatternError);
    expect(() => compilePattern("x/{skill}")).toThrow("Unknown placeholder '{skill}'");
    expect(() => compilePattern("{name}/{name}")).toThrow("{name} may appear once");
    expect(() => compilePattern("*a*b*c*d*e")).toThrow("At most 4 *");
  });
});
