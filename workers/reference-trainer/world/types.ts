/** The bundled task world as stored in `world/data/world.json`. */
import type { LineEdit } from "./mutations";

export type Split = "train" | "heldout";
export const ATOMIC_SKILLS = ["localization", "editing", "unit_test", "review", "reproduction"] as const;
export type AtomicSkill = (typeof ATOMIC_SKILLS)[number];
/** Composite out-of-distribution tasks, built from held-out repositories only. */
export const BENCHMARKS = ["bug_fix", "refactoring", "security"] as const;
export type Benchmark = (typeof BENCHMARKS)[number];
export type TaskKind = AtomicSkill | Benchmark;

/** What a call did: returned a value (as source text) or threw an error of this name. */
export type Outcome = { value: string } | { throws: string; message?: string };

export interface Case {
  id: number;
  /** The module (`src/<module>.js`) whose test file holds the case. */
  module: string;
  fn: string;
  /** Call source, e.g. `clamp(5, 0, 3)`. */
  call: string;
  expect: Outcome;
}

export interface ModuleInfo {
  name: string;
  exports: string[];
  deps: string[];
  /** Vulnerability class of a held-out security module. */
  security?: string;
}

export interface Repo {
  id: string;
  split: Split;
  modules: ModuleInfo[];
  /** Source files and `test/harness.js` (test files are rendered from `cases`). */
  files: Record<string, string>;
  cases: Case[];
}

/** How far the buggy outcome is from the expected one (a clue a developer reads off an issue). */
export type GapClass = "off_by_one" | "sign" | "numeric" | "boolean" | "throw" | "length" | "collection" | "text" | "missing";

export interface IssueCall {
  fn: string;
  module: string;
  call: string;
  got: Outcome;
  expected: Outcome;
  gap: GapClass;
}

export interface Issue {
  text: string;
  calls: IssueCall[];
}

export interface Bug {
  id: string;
  repo: string;
  /** Line edits that turn the correct repository into the buggy one. */
  mutations: LineEdit[];
  /** The reported cases: hidden from the agent (like a fix PR's new tests), run by the verifier. The bug's other failures stay visible. */
  hiddenCases: number[];
  issue: Issue;
}

/** Where an issue's symptom shows: in a module the bug is in, or only in a caller of it (the issue names no function of the buggy module). */
export type Symptom = "own" | "caller";

interface TaskBase {
  id: string;
  kind: TaskKind;
  split: Split;
  repo: string;
}

export interface BugTask extends TaskBase {
  kind: "localization" | "editing" | "reproduction" | "bug_fix" | "security";
  bug: string;
  symptom: Symptom;
  /** localization: the files that must change. */
  truthFiles?: string[];
  /** editing: where the fix belongs (the function holding the buggy line). */
  location?: { file: string; fn: string; from: number; to: number; showsCode: boolean };
}

export interface ReviewTask extends TaskBase {
  kind: "review";
  bug: string;
  /** The proposed patch, applied on the buggy code. */
  patch: LineEdit[];
  patchKind: "fix" | "wrong_line" | "fix_with_regression";
  /** Whether every test passes with the patch (established by running them at generation time; the verifier re-runs them). */
  patchCorrect: boolean;
}

export interface UnitTestTask extends TaskBase {
  kind: "unit_test";
  module: string;
  fn: string;
  /** The reported (and fixed) bug in `fn` the tests must catch; its issue is in the prompt. */
  bug: string;
  /** Candidate inputs (argument sources) the agent may call the function with. */
  inputs: string[];
  /** The bug's mutation: the tests must fail on it. */
  bugMutant: LineEdit[];
  /** Other semantic mutants of the function (each one line edit), each exposed by a different set of the inputs. */
  mutants: LineEdit[][];
}

/** editing: a rename at given locations (every file that uses the name is listed in the prompt). */
export interface RenameTask extends TaskBase {
  kind: "editing";
  rename: { from: string; to: string; files: string[] };
}

export interface RefactorTask extends TaskBase {
  kind: "refactoring";
  from: string;
  to: string;
}

export type Task = BugTask | ReviewTask | UnitTestTask | RenameTask | RefactorTask;

/** The world in memory: repositories, bugs, and every task (atomic and composite, both splits). */
export interface World {
  generatedWith: Record<string, number>;
  repos: Repo[];
  bugs: Bug[];
  tasks: Task[];
}
