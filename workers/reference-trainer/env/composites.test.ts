/**
 * Composites compose: for every composite task, (1) an oracle sequence of
 * atomic-skill actions (navigation from localization, the edit from editing,
 * a test run to check) solves it, and leaving out the test run does not;
 * (2) no single atomic skill's actions solve it. For (2) the test saturates
 * what a skill can learn: it applies every action of the skill's vocabulary
 * that only gathers information (list, search, read, run tests, scripts) until
 * nothing new appears. Knowledge only grows, and edits are offered only on
 * files the agent has read, so: a skill without `edit` never changes the code
 * (the bug stays, or the old name), and a skill whose saturated state offers
 * no edit can never edit.
 */
import { afterAll, describe, expect, it } from "vitest";
import { Rng } from "../rng";
import { Sandbox } from "../sandbox/sandbox";
import { srcFileOf } from "../world/harness";
import { loadWorld, WorldIndex } from "../world/load";
import { invertEdit } from "../world/mutations";
import { ATOMIC_SKILLS, BENCHMARKS, type BugTask, type RefactorTask, type Task } from "../world/types";
import type { Candidate, Episode } from "./episode";
import { makeEpisode } from "./make-episode";
import { COMPOSITE_TOOLS, SKILL_TOOLS } from "./skill-tools";

const world = new WorldIndex(loadWorld());
const sandbox = new Sandbox();
afterAll(() => sandbox.close());

const composites: Task[] = [...BENCHMARKS.flatMap((b) => world.tasks(b, "heldout")), ...world.tasks("bug_fix", "train")];
const INFO_TOOLS = new Set(["list_files", "read_file", "search", "run_tests", "write_script", "run_script"]);

async function act(ep: Episode, pick: (c: Candidate) => boolean, what: string): Promise<{ tool: string; observation: string }> {
  const c = ep.candidates().find(pick);
  if (!c) throw new Error(`${ep.taskId}: no candidate for ${what} among ${ep.candidates().map((x) => `${x.tool}${JSON.stringify(x.args)}`).join(", ")}`);
  const observation = await c.run();
  ep.turn++;
  return { tool: c.tool, observation };
}

/** The oracle's actions up to (not including) the test run and the submission; returns the tools it used. */
async function oracleChange(ep: Episode, task: Task): Promise<string[]> {
  const tools: string[] = [];
  const step = async (pick: (c: Candidate) => boolean, what: string) => tools.push((await act(ep, pick, what)).tool);
  if (task.kind === "refactoring") {
    const { from } = task as RefactorTask;
    await step((c) => c.tool === "search" && c.args.query === from, `search ${from}`);
    for (let guard = 0; guard < 10; guard++) {
      const rename = ep.candidates().find((c) => c.tool === "edit" && c.features.includes("edit:op:rename"));
      if (!rename) break;
      await step((c) => c.tool === "edit" && JSON.stringify(c.args) === JSON.stringify(rename.args), "rename");
    }
    return tools;
  }
  const bug = world.bug((task as BugTask).bug);
  const [fixEdit] = bug.mutations.map(invertEdit);
  const issueFile = srcFileOf(bug.issue.calls[0].module);
  // Localization: find the function the issue names, read it, follow its require to the buggy module.
  await step((c) => c.tool === "search" && c.args.query === bug.issue.calls[0].fn, "search the issue's function");
  await step((c) => c.tool === "read_file" && c.args.path === issueFile, `read ${issueFile}`);
  if (fixEdit.file !== issueFile) {
    const dep = ep.candidates().find((c) => c.tool === "read_file" && c.args.path === fixEdit.file);
    expect(dep?.features, `${task.id}: the buggy file is reached through the require of the issue's file`).toContain("read:dep");
    await step((c) => c.tool === "read_file" && c.args.path === fixEdit.file, `read ${fixEdit.file}`);
  }
  // Editing: the fix.
  await step((c) => c.tool === "edit" && c.args.path === fixEdit.file && c.args.line === fixEdit.line && c.args.new === fixEdit.after.trim(), "the fix");
  return tools;
}

/** Applies every information-gathering action of `tools` until no new one appears. */
async function saturate(ep: Episode, tools: readonly string[]): Promise<void> {
  const done = new Set<string>();
  for (let round = 0; round < 20; round++) {
    const fresh = ep.candidates().filter((c) => tools.includes(c.tool) && INFO_TOOLS.has(c.tool) && !done.has(`${c.tool}${JSON.stringify(c.args)}`));
    if (!fresh.length) return;
    for (const c of fresh) {
      done.add(`${c.tool}${JSON.stringify(c.args)}`);
      await c.run();
    }
  }
  throw new Error(`${ep.taskId}: saturation did not converge`);
}

const srcOf = (ep: Episode) => JSON.stringify(Object.entries(ep.ws.files).filter(([p]) => p.startsWith("src/")));

describe("skill vocabularies", () => {
  it("each atomic environment offers only its skill's tools, along random plays", async () => {
    const rng = new Rng(5);
    for (const skill of ATOMIC_SKILLS) {
      for (const task of world.tasks(skill, "train").slice(0, 12)) {
        const ep = makeEpisode(task, world, sandbox);
        for (let turn = 0; turn < ep.maxTurns && !ep.submission; turn++) {
          const cands = ep.candidates();
          for (const c of cands) expect(SKILL_TOOLS[skill], `${task.id}: ${c.tool}`).toContain(c.tool);
          const nonSubmit = cands.filter((c) => !c.submits);
          await (nonSubmit.length ? rng.pick(nonSubmit) : cands[0]).run();
        }
      }
    }
  }, 60_000);

  it("give edit only to editing, and no way to look for files to it", () => {
    expect(ATOMIC_SKILLS.filter((s) => SKILL_TOOLS[s].includes("edit"))).toEqual(["editing"]);
    expect(SKILL_TOOLS.editing).not.toContain("list_files");
    expect(SKILL_TOOLS.editing).not.toContain("search");
  });
});

describe("composite tasks", () => {
  it("exist for every benchmark (held-out) and for bug_fix on the training repositories, at least 40 each", () => {
    for (const b of BENCHMARKS) expect(world.tasks(b, "heldout").length, b).toBeGreaterThanOrEqual(40);
    expect(world.tasks("bug_fix", "train").length).toBeGreaterThanOrEqual(40);
  });

  it("have their bug in a module the issue does not name in at least half of the bug_fix and security tasks", () => {
    for (const [kind, split] of [["bug_fix", "heldout"], ["security", "heldout"], ["bug_fix", "train"]] as const) {
      const tasks = world.tasks(kind, split) as BugTask[];
      const caller = tasks.filter((t) => t.symptom === "caller");
      expect(caller.length / tasks.length, `${kind} ${split}`).toBeGreaterThanOrEqual(0.5);
      for (const t of caller) {
        const bug = world.bug(t.bug);
        expect(bug.issue.calls.map((c) => srcFileOf(c.module))).not.toContain(bug.mutations[0].file);
      }
    }
  });

  it("offer only their benchmark's tools", () => {
    for (const t of composites) for (const c of makeEpisode(t, world, sandbox).candidates()) expect(COMPOSITE_TOOLS[t.kind as keyof typeof COMPOSITE_TOOLS]).toContain(c.tool);
  });

  it("are each solved by an oracle of atomic-skill actions (navigate, edit, run the tests), and not without the test run", async () => {
    const results = await Promise.all(
      composites.map(async (task) => {
        const ep = makeEpisode(task, world, sandbox);
        const tools = await oracleChange(ep, task);
        const unchecked = makeEpisode(task, world, sandbox);
        await oracleChange(unchecked, task);
        await act(unchecked, (c) => c.tool === "submit", "submit");
        const withoutTests = await unchecked.verify();
        const ran = await act(ep, (c) => c.tool === "run_tests", "run the tests");
        tools.push(ran.tool);
        await act(ep, (c) => c.tool === "submit", "submit");
        const v = await ep.verify();
        const used = [...new Set([...tools, "submit"])];
        return {
          id: task.id,
          solved: v.reward,
          testsGreen: / 0 failed/.test(ran.observation),
          withoutTestRun: withoutTests.reward,
          atomic: used.every((tool) => ATOMIC_SKILLS.some((s) => SKILL_TOOLS[s].includes(tool))),
          oneSkillSuffices: ATOMIC_SKILLS.some((s) => used.every((tool) => SKILL_TOOLS[s].includes(tool))),
        };
      }),
    );
    for (const r of results) expect(r, r.id).toEqual({ id: r.id, solved: 1, testsGreen: true, withoutTestRun: 0, atomic: true, oneSkillSuffices: false });
  }, 120_000);

  it.each(ATOMIC_SKILLS)("are not solvable with %s's actions alone", async (skill) => {
    const tools = SKILL_TOOLS[skill];
    const results = await Promise.all(
      composites.map(async (task) => {
        const ep = makeEpisode(task, world, sandbox);
        const before = srcOf(ep);
        await saturate(ep, tools);
        const edits = ep.candidates().filter((c) => c.tool === "edit" && tools.includes("edit"));
        await act(ep, (c) => c.tool === "submit", "submit");
        const v = await ep.verify();
        return { id: task.id, codeUnchanged: srcOf(ep) === before, editReachable: edits.length > 0, reward: v.reward };
      }),
    );
    for (const r of results) expect(r, r.id).toEqual({ id: r.id, codeUnchanged: true, editReachable: false, reward: 0 });
  }, 120_000);
});
