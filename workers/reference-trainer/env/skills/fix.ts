/**
 * editing (a fix at a given location), bug_fix and security (end-to-end: find
 * it, fix it, check it). editing: reward 1 iff the repository's complete test
 * suite, hidden regression tests included, passes on the submitted code.
 * bug_fix and security are submitted like a pull request that must carry a
 * green test run: reward 1 iff the complete suite passes AND the agent's last
 * `run_tests` ran on the submitted code and passed.
 */
import { Episode, type Candidate, type VerifierResult } from "../episode";
import { editCandidates, listCandidate, readCandidates, runScriptCandidates, scriptCandidates, scriptTargetsIssue, searchCandidates, testCandidate, undoCandidates } from "../tools";
import { runFullSuite, snippet } from "../verify";
import type { Workspace } from "../workspace";

/** Submission features of tasks that change code: what the last checks said about the current code. */
export function changeSubmitFeatures(ep: Episode): string[] {
  const ws: Workspace = ep.ws;
  const script = ws.scriptStatus();
  const checked = script === "pass" || script === "assert" || script === "crash";
  return [
    "submit:change",
    ws.edits.length ? "submit:change:edited" : "submit:change:unedited",
    `submit:change:tests_${ws.testStatus()}`,
    `submit:change:script_${script}${checked ? (scriptTargetsIssue(ep) ? ":issue" : ":other") : ""}`,
  ];
}

export class FixEpisode extends Episode {
  readonly maxTurns: number;
  location?: { file: string; fn: string; from: number; to: number; showsCode: boolean };
  /** The buggy sources the episode started from (for the verifier's details). */
  visibleCases?: ReadonlySet<number>;

  constructor(readonly kind: "editing" | "bug_fix" | "security", ...rest: ConstructorParameters<typeof Episode>) {
    super(...rest);
    this.maxTurns = kind === "editing" ? 10 : 16;
  }

  get prompt(): string {
    const issue = `Issue:\n${this.issue!.text}\n\n`;
    if (this.location) {
      const { file, fn, from, to, showsCode } = this.location;
      const code = showsCode ? `:\n${snippet(this.ws.repo.files[file], from, to)}\n\n` : ". ";
      return `${issue}The fix belongs in the function \`${fn}\` of ${file} (lines ${from}-${to})${code}Edit the code there so that the issue is resolved and all tests pass, then submit.`;
    }
    const what = this.kind === "security" ? "Fix the vulnerability" : "Fix the bug";
    return `${issue}${what} in this repository. All tests must pass, including the ones that check this issue. Submit when done.`;
  }

  candidates(): Candidate[] {
    // editing works at the location it is given: no looking for files, no scripts.
    if (this.kind === "editing") {
      return [
        ...readCandidates(this, this.location),
        ...editCandidates(this, this.location?.showsCode ? this.location : undefined),
        ...undoCandidates(this),
        testCandidate(this),
        this.submit({}, changeSubmitFeatures(this)),
      ];
    }
    return [
      listCandidate(this),
      ...readCandidates(this),
      ...searchCandidates(this),
      ...editCandidates(this),
      ...undoCandidates(this),
      testCandidate(this),
      ...scriptCandidates(this, this.visibleCases),
      ...runScriptCandidates(this),
      this.submit({}, changeSubmitFeatures(this)),
    ];
  }

  async verify(): Promise<VerifierResult> {
    const suite = await runFullSuite(this.ws.sandbox, this.ws.repo, this.ws.files);
    const edits = this.ws.edits.map((e) => ({ file: e.file, line: e.line, before: e.before.trim(), after: e.after.trim() }));
    if (this.kind === "editing") {
      const passed = suite.failed === 0;
      return { reward: passed ? 1 : 0, passed, details: { ...suite, edits } };
    }
    const testedGreen = this.ws.testStatus() === "pass";
    const passed = suite.failed === 0 && testedGreen;
    return { reward: passed ? 1 : 0, passed, details: { ...suite, testedGreenBeforeSubmit: testedGreen, edits } };
  }
}
