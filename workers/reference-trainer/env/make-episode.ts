/** Builds the episode of a task: its starting workspace and what the prompt tells the agent. */
import type { Sandbox } from "../sandbox/sandbox";
import { srcFileOf } from "../world/harness";
import type { WorldIndex } from "../world/load";
import { applyLineEdits } from "../world/mutations";
import { testPaths, workspaceFiles } from "../world/repo-files";
import type { Task } from "../world/types";
import type { Episode } from "./episode";
import { FixEpisode } from "./skills/fix";
import { LocalizationEpisode } from "./skills/localization";
import { RenameEpisode } from "./skills/refactoring";
import { ReproductionEpisode } from "./skills/reproduction";
import { ReviewEpisode } from "./skills/review";
import { UnitTestEpisode } from "./skills/unit-test";
import { Workspace } from "./workspace";

export function makeEpisode(task: Task, world: WorldIndex, sandbox: Sandbox): Episode {
  const repo = world.repo(task.repo);
  if ("rename" in task) {
    const ws = new Workspace(repo, workspaceFiles(repo), sandbox, testPaths(repo));
    const ep = new RenameEpisode("editing", task.id, ws, [task.rename.from]);
    Object.assign(ep, { from: task.rename.from, to: task.rename.to, named: task.rename.files });
    for (const f of task.rename.files) ws.known.add(f);
    return ep;
  }
  switch (task.kind) {
    case "localization":
    case "editing":
    case "reproduction":
    case "bug_fix":
    case "security":
    case "review": {
      const bug = world.bug(task.bug);
      const buggy = applyLineEdits(repo.files, bug.mutations);
      const visible = new Set(repo.cases.filter((c) => !bug.hiddenCases.includes(c.id)).map((c) => c.id));
      const symbols = [...new Set(bug.issue.calls.map((c) => c.fn))];
      if (task.kind === "review") {
        const ws = new Workspace(repo, workspaceFiles(repo, bug.hiddenCases, applyLineEdits(buggy, task.patch)), sandbox, testPaths(repo));
        const ep = new ReviewEpisode(task.id, ws, symbols, bug.issue);
        ep.patch = task.patch;
        ep.visibleCases = visible;
        for (const e of task.patch) ws.known.add(e.file);
        return ep;
      }
      const ws = new Workspace(repo, workspaceFiles(repo, bug.hiddenCases, buggy), sandbox, testPaths(repo));
      if (task.kind === "localization") {
        const ep = new LocalizationEpisode(task.id, ws, symbols, bug.issue);
        ep.truth = task.truthFiles ?? [];
        return ep;
      }
      if (task.kind === "reproduction") {
        const ep = new ReproductionEpisode(task.id, ws, symbols, bug.issue);
        ep.fixedSources = Object.fromEntries(Object.entries(repo.files).filter(([p]) => p.startsWith("src/")));
        ep.visibleCases = visible;
        return ep;
      }
      const fnSymbols = task.kind === "editing" && task.location ? [...new Set([...symbols, task.location.fn])] : symbols;
      const ep = new FixEpisode(task.kind, task.id, ws, fnSymbols, bug.issue);
      ep.visibleCases = visible;
      if (task.kind === "editing" && task.location) {
        ep.location = task.location;
        ws.known.add(task.location.file);
      }
      return ep;
    }
    case "unit_test": {
      const targetCases = repo.cases.filter((c) => c.module === task.module && c.fn === task.fn).map((c) => c.id);
      const ep0 = { fn: task.fn };
      const testPath = `test/${ep0.fn}.agent.test.js`;
      const ws = new Workspace(repo, workspaceFiles(repo, targetCases), sandbox, [...testPaths(repo), testPath]);
      const ep = new UnitTestEpisode(task.id, ws, [task.fn], world.bug(task.bug).issue);
      Object.assign(ep, { module: task.module, fn: task.fn, inputs: task.inputs, bugMutant: task.bugMutant, mutants: task.mutants });
      ws.files[testPath] = ep.renderTests();
      ws.known.add(srcFileOf(task.module));
      return ep;
    }
    case "refactoring": {
      const ws = new Workspace(repo, workspaceFiles(repo), sandbox, testPaths(repo));
      const ep = new RenameEpisode("refactoring", task.id, ws, [task.from]);
      ep.from = task.from;
      ep.to = task.to;
      return ep;
    }
  }
}
