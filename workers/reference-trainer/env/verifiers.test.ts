/**
 * Each verifier accepts a known-good answer and rejects known-bad ones. The
 * answers are played through the same tool calls the policy chooses from
 * (the test picks them using the task's ground truth).
 */
import { afterAll, describe, expect, it } from "vitest";
import { Sandbox } from "../sandbox/sandbox";
import { loadWorld, WorldIndex } from "../world/load";
import { invertEdit } from "../world/mutations";
import type { BugTask, RefactorTask, RenameTask, ReviewTask, Task, UnitTestTask } from "../world/types";
import type { Candidate, Episode } from "./episode";
import { makeEpisode } from "./make-episode";
import type { ReproductionEpisode } from "./skills/reproduction";
import type { UnitTestEpisode } from "./skills/unit-test";

const world = new WorldIndex(loadWorld());
const sandbox = new Sandbox();
afterAll(() => sandbox.close());

/** Runs the candidate the predicate picks (there must be one). */
async function act(ep: Episode, pick: (c: Candidate) => boolean): Promise<string> {
  const c = ep.candidates().find(pick);
  if (!c) throw new Error(`no such action among: ${ep.candidates().map((x) => `${x.tool}${JSON.stringify(x.args)}`).join(", ")}`);
  const obs = await c.run();
  ep.turn++;
  return obs;
}

const task = <T extends Task>(kind: T["kind"], i = 0, where: (t: T) => boolean = () => true): T => {
  const all = [...world.tasks(kind, "train"), ...world.tasks(kind, "heldout")] as T[];
  const found = all.filter(where)[i];
  if (!found) throw new Error(`no ${kind} task #${i}`);
  return found;
};

describe("localization", () => {
  const t = task<BugTask>("localization", 0, (x) => x.truthFiles!.length === 2);
  it("gives 1 for exactly the buggy files, 0 for a wrong, a partial or a larger set", async () => {
    const play = async (files: string[]) => {
      const ep = makeEpisode(t, world, sandbox);
      await act(ep, (c) => c.tool === "list_files");
      await act(ep, (c) => c.tool === "submit" && JSON.stringify(c.args.files) === JSON.stringify([...files].sort()));
      return ep.verify();
    };
    const truth = t.truthFiles!;
    expect(truth).toHaveLength(2);
    expect((await play(truth)).reward).toBe(1);
    expect((await play([truth[0]])).reward).toBe(0);
    const other = world.repo(t.repo).modules.map((m) => `src/${m.name}.js`).find((f) => !truth.includes(f));
    if (other) expect((await play([truth[0], other])).reward).toBe(0);
    expect((await play([`test/${truth[0].slice(4, -3)}.test.js`])).reward).toBe(0);
  });
});

/** Reads `file`: directly when the agent knows it (editing's location), else after listing the repository (composites). */
async function reach(ep: Episode, file: string) {
  if (!ep.candidates().some((c) => c.tool === "read_file" && c.args.path === file)) await act(ep, (c) => c.tool === "list_files");
  await act(ep, (c) => c.tool === "read_file" && c.args.path === file);
}

describe.each(["editing", "bug_fix", "security"] as const)("%s", (kind) => {
  const t = task<BugTask>(kind, 1, (x) => !("rename" in x));
  const bug = world.bug(t.bug);
  const fix = invertEdit(bug.mutations[0]);

  it("gives 1 when the fix makes every test (hidden ones included) pass", async () => {
    const ep = makeEpisode(t, world, sandbox);
    await reach(ep, fix.file);
    await act(ep, (c) => c.tool === "edit" && c.args.line === fix.line && c.args.new === fix.after.trim());
    expect(await act(ep, (c) => c.tool === "run_tests")).toMatch(/ 0 failed/);
    await act(ep, (c) => c.tool === "submit");
    const v = await ep.verify();
    expect(v).toMatchObject({ reward: 1, passed: true });
    expect(v.details.failed).toBe(0);
  });

  it("gives 0 without an edit, and for a wrong edit", async () => {
    const none = makeEpisode(t, world, sandbox);
    await act(none, (c) => c.tool === "submit");
    const v0 = await none.verify();
    expect(v0.reward).toBe(0);
    expect(v0.details.failed).toBeGreaterThan(0);

    const wrong = makeEpisode(t, world, sandbox);
    await reach(wrong, fix.file);
    await act(wrong, (c) => c.tool === "edit" && c.args.line !== fix.line);
    await act(wrong, (c) => c.tool === "run_tests");
    await act(wrong, (c) => c.tool === "submit");
    expect((await wrong.verify()).reward).toBe(0);
  });

  if (kind !== "editing") {
    it("gives 0 to the right fix submitted without a green test run of it (a composite is submitted like a pull request)", async () => {
      const ep = makeEpisode(t, world, sandbox);
      await reach(ep, fix.file);
      await act(ep, (c) => c.tool === "edit" && c.args.line === fix.line && c.args.new === fix.after.trim());
      await act(ep, (c) => c.tool === "submit");
      const v = await ep.verify();
      expect(v.details).toMatchObject({ failed: 0, testedGreenBeforeSubmit: false });
      expect(v.reward).toBe(0);
    });
  } else {
    it("offers no tool to look for files: the location is given", () => {
      const tools = new Set(makeEpisode(t, world, sandbox).candidates().map((c) => c.tool));
      expect(tools.has("read_file") && tools.has("submit")).toBe(true);
      expect(tools.has("list_files") || tools.has("search")).toBe(false);
    });
  }
});

describe("editing a rename at given locations", () => {
  const t = world.tasks("editing", "train").find((x) => "rename" in x && x.rename.files.length >= 3) as RenameTask;

  it("gives 1 when every named file is renamed and the tests pass, 0 when one is left", async () => {
    expect(t).toBeDefined();
    const ep = makeEpisode(t, world, sandbox);
    const renames = () => ep.candidates().filter((c) => c.tool === "edit" && c.features.includes("edit:op:rename"));
    expect(renames().map((c) => c.args.path).sort()).toEqual([...t.rename.files].sort());
    await renames()[0].run();
    const partial = await (async () => {
      const p = makeEpisode(t, world, sandbox);
      await act(p, (c) => c.tool === "edit" && c.features.includes("edit:op:rename"));
      await act(p, (c) => c.tool === "submit");
      return p.verify();
    })();
    expect(partial.reward).toBe(0);
    while (renames().length) await renames()[0].run();
    await act(ep, (c) => c.tool === "submit");
    expect(await ep.verify()).toMatchObject({ reward: 1, passed: true });
  });
});

describe("unit_test", () => {
  const t = task<UnitTestTask>("unit_test", 0);

  it("gives 1 to tests that pass on the correct code and kill the reported bug and every other mutant, with the kill ratio", async () => {
    const ep = makeEpisode(t, world, sandbox) as UnitTestEpisode;
    for (const input of t.inputs) await act(ep, (c) => c.tool === "add_test" && c.args.assert === "pinned" && c.args.call === `${t.fn}(${input})`);
    await act(ep, (c) => c.tool === "submit");
    const v = await ep.verify();
    expect(v).toMatchObject({ reward: 1, passed: true });
    expect(v.details).toMatchObject({ passOnCorrectCode: true, killsReportedBug: true, otherMutantsKilled: t.mutants.length, killRatio: 1 });
    expect(v.details.mutants).toBe(t.mutants.length + 1);
  });

  it("gives 0 to tests that kill no mutant, and to tests that fail on the correct code", async () => {
    // `runs` assertions only check that the call does not throw: they kill no mutant of a function that never throws.
    const noThrow = world.tasks("unit_test", "train").find((x) => {
      const r = world.repo(x.repo);
      return r.cases.filter((c) => c.fn === (x as UnitTestTask).fn).every((c) => !("throws" in c.expect));
    }) as UnitTestTask;
    const weak = makeEpisode(noThrow, world, sandbox) as UnitTestEpisode;
    await act(weak, (c) => c.tool === "add_test" && c.features.includes("add_test:runs"));
    await act(weak, (c) => c.tool === "submit");
    const v = await weak.verify();
    expect(v.details).toMatchObject({ passOnCorrectCode: true, killsReportedBug: false, otherMutantsKilled: 0, killRatio: 0 });
    expect(v.reward).toBe(0);

    const wrong = makeEpisode(t, world, sandbox) as UnitTestEpisode;
    wrong.added.push({ input: t.inputs[0], kind: "pinned", line: `test('wrong', () => eq(${t.fn}(${t.inputs[0]}), 'not what it returns'));` });
    await act(wrong, (c) => c.tool === "submit");
    const w = await wrong.verify();
    expect(w.details.passOnCorrectCode).toBe(false);
    expect(w.reward).toBe(0);

    const empty = makeEpisode(t, world, sandbox);
    await act(empty, (c) => c.tool === "submit");
    expect((await empty.verify()).reward).toBe(0);
  });
});

describe("review", () => {
  it.each([true, false])("gives 1 to the verdict the tests establish (patch correct: %s), 0 to the other", async (correct) => {
    const t = task<ReviewTask>("review", 0, (x) => x.patchCorrect === correct);
    const play = async (verdict: string) => {
      const ep = makeEpisode(t, world, sandbox);
      await act(ep, (c) => c.tool === "submit" && c.args.verdict === verdict);
      return ep.verify();
    };
    const right = await play(correct ? "correct" : "incorrect");
    expect(right).toMatchObject({ reward: 1, passed: true });
    expect(right.details.truth).toBe(correct ? "correct" : "incorrect");
    expect((await play(correct ? "incorrect" : "correct")).reward).toBe(0);
  });
});

describe("reproduction", () => {
  const t = task<BugTask>("reproduction", 2);

  const play = async (choose: (c: Candidate) => boolean) => {
    const ep = makeEpisode(t, world, sandbox) as ReproductionEpisode;
    await act(ep, choose);
    await act(ep, (c) => c.tool === "submit");
    return ep.verify();
  };

  it("gives 1 to a script that fails on the bug and passes once it is fixed", async () => {
    const v = await play((c) => c.tool === "write_script" && c.args.expect === "issue_expected");
    expect(v).toMatchObject({ reward: 1, passed: true });
    expect(v.details.beforeFix).toMatch(/^fails/);
    expect(v.details.afterFix).toBe("passes");
  });

  it("gives 0 to a script that passes on the bug, and to one that also fails after the fix", async () => {
    const passesBefore = await play((c) => c.tool === "write_script" && c.args.expect === "print");
    expect(passesBefore.reward).toBe(0);
    expect(passesBefore.details.beforeFix).toMatch(/should fail/);
    // Asserting the buggy value: fails once the bug is fixed.
    const pinsBug = await play((c) => c.tool === "write_script" && c.args.expect === "issue_got");
    expect(pinsBug.reward).toBe(0);
    expect(pinsBug.details.afterFix).toMatch(/should pass/);
    // Fails before and after.
    const ep = makeEpisode(t, world, sandbox) as ReproductionEpisode;
    ep.ws.writeScript("throw new Error('always fails');\n", "custom");
    await act(ep, (c) => c.tool === "submit");
    const always = await ep.verify();
    expect(always.reward).toBe(0);
    expect(always.details.afterFix).toMatch(/should pass/);
    // No script at all.
    const none = makeEpisode(t, world, sandbox);
    await act(none, (c) => c.tool === "submit");
    expect((await none.verify()).reward).toBe(0);
  });
});

describe("refactoring", () => {
  const t = world.tasks("refactoring", "heldout").find((x) => (x as RefactorTask).from === "insertionSort" && world.repo(x.repo).modules.some((m) => m.name === "buckets")) as RefactorTask;

  it("gives 1 when the name is changed everywhere and the tests pass, 0 when a file still uses the old name", async () => {
    const ep = makeEpisode(t, world, sandbox);
    expect(await act(ep, (c) => c.tool === "search")).toMatch(/src\/buckets\.js/);
    let renames = ep.candidates().filter((c) => c.tool === "edit" && c.features.includes("edit:op:rename"));
    expect(renames.length).toBeGreaterThanOrEqual(3);
    const partial = makeEpisode(t, world, sandbox);
    await act(partial, (c) => c.tool === "search");
    await act(partial, (c) => c.tool === "edit" && c.args.path === "src/sortkit.js");
    await act(partial, (c) => c.tool === "submit");
    const p = await partial.verify();
    expect(p.reward).toBe(0);
    expect(p.details.oldNameStillIn).toContain("src/buckets.js");

    for (let i = 0; i < 10 && (renames = ep.candidates().filter((c) => c.tool === "edit" && c.features.includes("edit:op:rename"))).length; i++) {
      await renames[0].run();
      ep.turn++;
    }
    expect(await act(ep, (c) => c.tool === "run_tests")).toMatch(/ 0 failed/);
    await act(ep, (c) => c.tool === "submit");
    expect(await ep.verify()).toMatchObject({ reward: 1, passed: true });
  });
});
