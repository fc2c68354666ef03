/** Execution checks the verifiers share. */
import type { Sandbox } from "../sandbox/sandbox";
import { HARNESS_PATH } from "../world/harness";
import { renderTests, srcPaths, testPaths } from "../world/repo-files";
import type { Repo } from "../world/types";

export interface SuiteOutcome {
  passed: number;
  failed: number;
  /** The first few failures, `file > test: message`. */
  failures: string[];
}

/** The repository's complete test suite (hidden cases included) against the given source files. */
export async function runFullSuite(sandbox: Sandbox, repo: Repo, files: Readonly<Record<string, string>>, rewriteTests?: (text: string) => string): Promise<SuiteOutcome> {
  const tests = renderTests(repo);
  const run: Record<string, string> = { [HARNESS_PATH]: repo.files[HARNESS_PATH] };
  for (const p of srcPaths(repo)) run[p] = files[p] ?? "";
  for (const [p, text] of Object.entries(tests)) run[p] = rewriteTests ? rewriteTests(text) : text;
  const result = await sandbox.suite(run, testPaths(repo));
  const failed = result.tests.filter((t) => !t.ok);
  return {
    passed: result.tests.length - failed.length,
    failed: failed.length,
    failures: failed.slice(0, 5).map((t) => `${t.file} > ${t.name}: ${t.error?.name}: ${t.error?.message}`),
  };
}

/** Numbered lines `from..to` of a text. */
export function snippet(text: string, from: number, to: number): string {
  return text
    .split("\n")
    .slice(from - 1, to)
    .map((l, i) => `${String(from + i).padStart(3)}  ${l}`)
    .join("\n");
}
