import { describe, expect, it } from "vitest";
import { clampText, splitFences } from "./clamped-text";
import { detectEdit, fileWindow, shellCommand } from "./edit-detect";
import { classifyPatchLine, lineDiff, looksLikeUnifiedDiff } from "./line-diff";
import { DEFAULT_LIST_PARAMS, groupHref, parseListParams, serializeListParams, toQueryInput, trajectoryHref } from "./list-params";
import { readVerifier, verifierHeadline } from "./verifier-model";

describe("lineDiff", () => {
  it("aligns unchanged lines and marks removed and added ones", () => {
    expect(lineDiff("a\nb\nc\n", "a\nB\nc\nd\n")).toEqual([
      { op: " ", text: "a" },
      { op: "-", text: "b" },
      { op: "+", text: "B" },
      { op: " ", text: "c" },
      { op: "+", text: "d" },
    ]);
    expect(lineDiff("", "x")).toEqual([{ op: "+", text: "x" }]);
    expect(lineDiff("same\r\n", "same\n")).toEqual([{ op: " ", text: "same" }]);
  });

  it("falls back to removed-then-added for huge inputs", () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join("\n");
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join("\n");
    const d = lineDiff(a, b);
    expect(d).toHaveLength(6000);
    expect(d[0].op).toBe("-");
    expect(d[5999].op).toBe("+");
  });

  it("classifies unified diff lines", () => {
    const patch = "diff --git a/x b/x\nindex 1..2\n--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n+c";
    expect(looksLikeUnifiedDiff(patch)).toBe(true);
    expect(looksLikeUnifiedDiff("just --- text")).toBe(false);
    expect(patch.split("\n").map(classifyPatchLine)).toEqual(["file", "meta", "file", "file", "hunk", "context", "del", "add"]);
  });
});

describe("detectEdit", () => {
  it("reads old/new text pairs of the common editing tools", () => {
    expect(detectEdit("str_replace_editor", { command: "str_replace", path: "/r/a.py", old_str: "x", new_str: "y" })).toEqual({ kind: "replace", path: "/r/a.py", before: "x", after: "y" });
    // SWE-agent 1.x edit (the fixture's shape)
    expect(detectEdit("edit", { search: "def f()", replace: "def f():", "replace-all": false })).toMatchObject({ kind: "replace", before: "def f()", after: "def f():" });
    expect(detectEdit("Edit", { file_path: "b.ts", old_string: "1", new_string: "2" })).toMatchObject({ kind: "replace", path: "b.ts" });
    expect(detectEdit("str_replace_editor", { command: "create", path: "n.py", file_text: "print(1)\n" })).toEqual({ kind: "create", path: "n.py", text: "print(1)\n" });
    expect(detectEdit("str_replace_editor", { command: "insert", path: "n.py", insert_line: 3, new_str: "z" })).toEqual({ kind: "insert", path: "n.py", line: 3, text: "z" });
    expect(detectEdit("apply", { patch: "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n" })).toMatchObject({ kind: "patch" });
    expect(detectEdit("str_replace_editor", { command: "view", path: "/r/a.py" })).toBeNull();
    expect(detectEdit("bash", { command: "ls" })).toBeNull();
  });

  it("reads SWE-agent 0.x line edits, with the old lines from the last file window", () => {
    const window = fileWindow("[File: /repo/h.py (373 lines total)]\n(286 more lines above)\n287:    a = [\n288:        'x'\n289:    ]\n290:    if b:\n");
    expect(window?.path).toBe("/repo/h.py");
    const e = detectEdit("edit", { command: "edit 288:289\n        'y'\n    ]\nend_of_edit" }, () => window);
    expect(e).toEqual({ kind: "lines", path: "/repo/h.py", start: 288, end: 289, text: "        'y'\n    ]", before: "        'x'\n    ]" });
    expect(detectEdit("edit", { command: "edit 1:400\nz\nend_of_edit" }, () => window)).toMatchObject({ kind: "lines", before: null });
  });

  it("finds shell commands", () => {
    expect(shellCommand("bash", { command: "ls -l" })).toBe("ls -l");
    expect(shellCommand("execute_bash", { command: "make", timeout: 30 })).toBe("make");
    expect(shellCommand("open", { command: "open a.py" })).toBe("open a.py");
    expect(shellCommand("str_replace_editor", { command: "view", path: "x" })).toBeNull();
    expect(shellCommand("find_file", { file_name: "x" })).toBeNull();
  });
});

describe("readVerifier", () => {
  it("reads tests, mutants, file sets, verdicts, reproduction, exit status and patch under any naming", () => {
    const v = readVerifier({
      tests_passed: ["t1", "t2"],
      testsFailed: 1,
      killedMutants: 7,
      mutants_survived: 3,
      expectedFiles: ["a.py", "b.py"],
      predicted_files: ["b.py", "c.py"],
      verdict: "incorrect",
      expected_verdict: "correct",
      failsBefore: true,
      passesAfter: false,
      exit_status: "submitted",
      git_patch: "diff --git a/x b/x",
      edited_files30: "…",
    });
    expect(v.tests).toEqual({ passed: 2, failed: 1, passedNames: ["t1", "t2"], failedNames: [] });
    expect(v.mutants).toEqual({ killed: 7, total: 10 });
    expect(v.files).toEqual({ expected: ["a.py", "b.py"], predicted: ["b.py", "c.py"], both: ["b.py"], missing: ["a.py"], extra: ["c.py"] });
    expect(v.verdict).toEqual({ predicted: "incorrect", expected: "correct" });
    expect(v.reproduction).toEqual({ failsBefore: true, passesAfter: false });
    expect(v.exitStatus).toBe("submitted");
    expect(v.patch).toBe("diff --git a/x b/x");
    expect(v.rest).toEqual([["edited_files30", "…"]]);
    expect(verifierHeadline(v)).toEqual([
      "2 passed · 1 failed",
      "7/10 mutants killed",
      "files 1/2 found, 1 extra",
      "verdict incorrect (truth: correct)",
      "fails before: true, passes after: false",
      "exit: submitted",
    ]);
  });

  it("is empty for an empty verifier", () => {
    expect(readVerifier({})).toEqual({ tests: null, mutants: null, files: null, verdict: null, reproduction: null, exitStatus: null, patch: null, rest: [] });
  });
});

describe("list params", () => {
  it("round-trips through the URL, leaving defaults out", () => {
    const p = { ...DEFAULT_LIST_PARAMS, skill: "editing", passed: "failed" as const, rewardMin: "0.5", sort: "reward" as const, dir: "asc" as const };
    const s = serializeListParams(p);
    expect(s).toBe("?skill=editing&rewardMin=0.5&passed=failed&sort=reward&dir=asc");
    expect(parseListParams(new URLSearchParams(s))).toEqual(p);
    expect(serializeListParams(DEFAULT_LIST_PARAMS)).toBe("");
    expect(parseListParams(new URLSearchParams("sort=bogus&passed=maybe"))).toEqual(DEFAULT_LIST_PARAMS);
  });

  it("turns typed values into the query's filters, skipping what is not a number", () => {
    expect(toQueryInput({ ...DEFAULT_LIST_PARAMS, stepMin: "3", stepMax: "x", rewardMax: "-0.5", task: " abc ", passed: "passed" })).toStrictEqual({
      taskIdContains: "abc",
      stepMin: 3,
      passed: true,
      rewardMax: -0.5,
      sort: "step",
      dir: "desc",
    });
  });

  it("links trajectories with their list order, and groups by key or task", () => {
    expect(trajectoryHref("r1", 5, { ...DEFAULT_LIST_PARAMS, skill: "review" })).toBe("/runs/r1/trajectories/5?skill=review");
    expect(groupHref("r1", { step: 3, groupKey: "g 1", taskId: "t" })).toBe("/runs/r1/trajectories/group?step=3&groupKey=g+1");
    expect(groupHref("r1", { step: 3, groupKey: null, taskId: "t" })).toBe("/runs/r1/trajectories/group?step=3&taskId=t");
  });
});

describe("text helpers", () => {
  it("clamps by lines and characters and counts the lines", () => {
    expect(clampText("a\nb\nc\nd", 2, 100)).toEqual({ shown: "a\nb", clipped: true, lines: 4 });
    expect(clampText("a\nb\n", 5, 100)).toEqual({ shown: "a\nb", clipped: false, lines: 2 });
    expect(clampText("x".repeat(50), 5, 10)).toMatchObject({ shown: "x".repeat(10), clipped: true });
  });

  it("splits fenced code out of prose", () => {
    expect(splitFences("Let's look.\n\n```\nls -l\n```\nThen more.")).toEqual([
      { code: false, text: "Let's look." },
      { code: true, text: "ls -l" },
      { code: false, text: "Then more." },
    ]);
    expect(splitFences("no code")).toEqual([{ code: false, text: "no code" }]);
  });
});
