import { afterAll, describe, expect, it } from "vitest";
import { HARNESS_SOURCE } from "../world/harness";
import { Sandbox } from "./sandbox";

const LIMIT = "did not finish: over 100000 loop iterations or over the time limit";
const sandbox = new Sandbox({ threads: 1, timeoutMs: 300, memoryMb: 64 });
afterAll(() => sandbox.close());

const files = {
  "test/harness.js": HARNESS_SOURCE,
  "src/a.js": [
    "function inc(x) { return x + 1; }",
    "function spin() { while (true) {} }",
    "function slow() { let s = 0; for (let i = 0; i < 5e4; i++) s += i; return s; }",
    "function recurse(n) { return recurse(n + 1); }",
    "function hog() { const a = []; for (;;) a.push(new Array(1e6).fill(1)); }",
    "function pollute() { ({}).__proto__.polluted = 'yes'; return 1; }",
    "function probe() { return ({}).polluted; }",
    "module.exports = { inc, spin, slow, recurse, hog, pollute, probe };",
  ].join("\n"),
  "test/a.test.js": [
    "const { test, eq } = require('./harness');",
    "const { inc, spin } = require('../src/a');",
    "test('inc(1)', () => eq(inc(1), 2));",
    "test('inc(2) is 4', () => eq(inc(2), 4));",
    "test('spin()', () => spin());",
    "test('inc(0)', () => eq(inc(0), 1));",
  ].join("\n"),
};

describe("sandbox", () => {
  it("runs tests, reporting assertion failures, and stops a looping test at its step budget without losing the others", async () => {
    const r = await sandbox.suite(files, ["test/a.test.js"]);
    expect(r.tests.map((t) => [t.name, t.ok, t.error?.name])).toEqual([
      ["inc(1)", true, undefined],
      ["inc(2) is 4", false, "AssertionError"],
      ["spin()", false, "Timeout"],
      ["inc(0)", true, undefined],
    ]);
  });

  it("evaluates calls one by one under the limits", async () => {
    const r = await sandbox.calls(files, "src/a.js", ["inc", "spin", "slow", "recurse"], ["inc(41)", "spin()", "slow()", "inc('a')", "recurse(0)", "inc(undefined)"]);
    expect(r).toEqual([
      { value: "42" },
      { throws: "Timeout", message: LIMIT },
      { value: "1249975000" },
      { value: '"a1"' },
      { throws: "RangeError", message: "Maximum call stack size exceeded" },
      { value: "NaN" },
    ]);
  });

  it("cuts off code the loop guard cannot see at the wall-clock limit", async () => {
    // Array.prototype.fill on a huge array runs natively, outside any instrumented loop.
    const busy = { ...files, "src/b.js": "function busy() { for (let k = 0; k < 50; k++) new Array(3e7).fill(k); return 1; }\nmodule.exports = { busy };" };
    const big = new Sandbox({ threads: 1, timeoutMs: 50, memoryMb: 512 });
    try {
      expect(await big.calls(busy, "src/b.js", ["busy"], ["busy()"])).toEqual([{ throws: "Timeout", message: LIMIT }]);
    } finally {
      await big.close();
    }
  });

  it("kills a thread over its heap limit, answers with a crash and carries on with a fresh thread", async () => {
    const [r] = await sandbox.calls(files, "src/a.js", ["hog"], ["hog()"]);
    expect(r).toMatchObject({ throws: expect.stringMatching(/Crash|Timeout|RangeError/) });
    expect(await sandbox.calls(files, "src/a.js", ["inc"], ["inc(1)"])).toEqual([{ value: "2" }]);
  });

  it("gives every request a fresh context: state does not leak between runs", async () => {
    expect(await sandbox.calls(files, "src/a.js", ["pollute", "probe"], ["pollute()", "probe()"])).toEqual([{ value: "1" }, { value: '"yes"' }]);
    expect(await sandbox.calls(files, "src/a.js", ["probe"], ["probe()"])).toEqual([{ value: "undefined" }]);
  });

  it("runs scripts, capturing their output, and lets them require only the repository's files", async () => {
    const ok = await sandbox.script({ ...files, "r.js": "const { inc } = require('./src/a');\nconsole.log('got', inc(2));" }, "r.js");
    expect(ok).toEqual({ ok: true, output: "got 3" });
    const fs = await sandbox.script({ ...files, "r.js": "require('fs').readFileSync('/etc/passwd');" }, "r.js");
    expect(fs).toMatchObject({ ok: false, error: { name: "Error", message: expect.stringContaining("only the repository's own files") } });
    const syntax = await sandbox.script({ ...files, "r.js": "const = 1;" }, "r.js");
    expect(syntax).toMatchObject({ ok: false, error: { name: "SyntaxError" } });
  });

  it("answers the same request from its cache", async () => {
    const before = { ...sandbox.stats };
    await sandbox.suite(files, ["test/a.test.js"]);
    expect(sandbox.stats.hits).toBe(before.hits + 1);
    expect(sandbox.stats.runs).toBe(before.runs);
  });
});
