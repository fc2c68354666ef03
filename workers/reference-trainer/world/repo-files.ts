/** Materialises a repository's files: sources, harness, and test files rendered from its cases. */
import { renderTestFile, srcFileOf, testFileOf } from "./harness";
import type { Files } from "../sandbox/sandbox";
import type { Case, Repo } from "./types";

/** Test files holding every case except `exclude` (a module whose cases are all excluded keeps an empty test file). */
export function renderTests(repo: Repo, exclude: ReadonlySet<number> = new Set()): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of repo.modules) {
    const cases = repo.cases.filter((c) => c.module === m.name && !exclude.has(c.id));
    out[testFileOf(m.name)] = renderTestFile(m.name, m.exports, cases);
  }
  return out;
}

export const testPaths = (repo: Repo) => repo.modules.map((m) => testFileOf(m.name));
export const srcPaths = (repo: Repo) => repo.modules.map((m) => srcFileOf(m.name));

/** Sources + harness + the test files with the given cases hidden. */
export function workspaceFiles(repo: Repo, hidden: readonly number[] = [], sources: Files = repo.files): Record<string, string> {
  return { ...sources, ...renderTests(repo, new Set(hidden)) };
}

/** Whether a failing test result names this case (tests are named by their call, unique within a module). */
export function caseOfTest(repo: Repo, file: string, name: string): Case | undefined {
  return repo.cases.find((c) => testFileOf(c.module) === file && c.call === name);
}

export function moduleOfFile(repo: Repo, file: string) {
  return repo.modules.find((m) => srcFileOf(m.name) === file);
}
