/**
 * The compact form of the world on disk (`data/world.json`): modules once,
 * repositories as module lists, bugs with their review patch and composite
 * role, unit-test targets (each tied to a bug) and renames. The tasks are views of these, built by
 * `load.ts`, so the committed data stays small.
 */
import { HARNESS_PATH, HARNESS_SOURCE, srcFileOf } from "./harness";
import type { LineEdit } from "./mutations";
import type { Case, IssueCall, ModuleInfo, Outcome, Repo, ReviewTask, Split, World } from "./types";

/** A line edit without its `before` text (read from the file it applies to). */
export type StoredEdit = [file: string, line: number, after: string];

export interface StoredModule extends ModuleInfo {
  split: Split;
  source: string;
  cases: { fn: string; call: string; expect: Outcome }[];
}

export interface StoredBug {
  id: string;
  repo: string;
  mutations: StoredEdit[];
  hidden: number[];
  text: string;
  calls: Omit<IssueCall, "gap">[];
  review?: { patch: StoredEdit[]; kind: ReviewTask["patchKind"]; correct: boolean };
  /** The composite task it also is (bug_fix in both splits, security held-out only). */
  composite?: "bug_fix" | "security";
}

export interface StoredWorld {
  version: 2;
  generatedWith: World["generatedWith"];
  modules: StoredModule[];
  repos: { id: string; split: Split; modules: string[] }[];
  bugs: StoredBug[];
  /** Unit-test tasks: a function, the bug in it the tests must catch, and its other mutants. */
  unitTests: { repo: string; module: string; fn: string; bug: string; mutants: StoredEdit[][] }[];
  /** Renames that are editing tasks (files named). */
  renames: { repo: string; from: string; to: string }[];
  /** Renames that are refactoring tasks (held-out, files not named). */
  refactors: { repo: string; from: string; to: string }[];
}

export const storeEdit = (e: LineEdit): StoredEdit => [e.file, e.line, e.after];

/** Restores `before` of each edit by applying the edits in order to `files`. */
export function restoreEdits(files: Readonly<Record<string, string>>, edits: readonly StoredEdit[]): LineEdit[] {
  const current = { ...files };
  return edits.map(([file, line, after]) => {
    const lines = (current[file] ?? "").split("\n");
    const before = lines[line - 1];
    if (before === undefined) throw new Error(`${file}:${line}: no such line`);
    lines[line - 1] = after;
    current[file] = lines.join("\n");
    return { file, line, before, after };
  });
}

export function repoFromStored(r: StoredWorld["repos"][number], modules: Map<string, StoredModule>): Repo {
  const files: Record<string, string> = { [HARNESS_PATH]: HARNESS_SOURCE };
  const cases: Case[] = [];
  const infos: ModuleInfo[] = r.modules.map((name) => {
    const m = modules.get(name);
    if (!m) throw new Error(`repository ${r.id}: unknown module ${name}`);
    files[srcFileOf(name)] = m.source;
    for (const c of m.cases) cases.push({ id: cases.length, module: name, ...c });
    return { name, exports: m.exports, deps: m.deps, ...(m.security ? { security: m.security } : {}) };
  });
  return { id: r.id, split: r.split, modules: infos, files, cases };
}

