/** review: judge a proposed patch; reward 1 iff the verdict matches the truth established by running the complete test suite on the patched code. */
import type { LineEdit } from "../../world/mutations";
import { Episode, type Candidate, type VerifierResult } from "../episode";
import { listCandidate, readCandidates, runScriptCandidates, scriptCandidates, scriptTargetsIssue, searchCandidates, testCandidate } from "../tools";
import { runFullSuite } from "../verify";

export function renderDiff(patch: readonly LineEdit[]): string {
  return patch.map((e) => `--- a/${e.file}\n+++ b/${e.file}\n@@ line ${e.line} @@\n-${e.before}\n+${e.after}`).join("\n");
}

export function summarisePatch(patch: readonly LineEdit[]): string {
  return patch.map((e) => `${e.file}:${e.line}: \`${e.before.trim()}\` -> \`${e.after.trim()}\``).join("; ");
}

export class ReviewEpisode extends Episode {
  readonly kind = "review" as const;
  readonly maxTurns = 8;
  patch: LineEdit[] = [];
  visibleCases?: ReadonlySet<number>;

  get prompt(): string {
    return `Issue:\n${this.issue!.text}\n\nA contributor proposes this patch (it is applied in the workspace):\n${renderDiff(this.patch)}\n\nIs the patch correct, i.e. does it fix the issue without breaking anything? Submit your verdict with a summary.`;
  }

  candidates(): Candidate[] {
    const ws = this.ws;
    const script = ws.scriptStatus();
    const target = script === "pass" || script === "assert" || script === "crash" ? (scriptTargetsIssue(this) ? ":issue" : ":other") : "";
    const verdicts = (["correct", "incorrect"] as const).map((verdict) =>
      this.submit({ verdict, summary: `Changes ${summarisePatch(this.patch)}.` }, [
        `submit:review:${verdict}`,
        `submit:review:${verdict}:tests_${ws.testStatus()}`,
        `submit:review:${verdict}:script_${script}${target}`,
      ]),
    );
    return [listCandidate(this), ...readCandidates(this), ...searchCandidates(this), testCandidate(this), ...scriptCandidates(this, this.visibleCases), ...runScriptCandidates(this), ...verdicts];
  }

  async verify(): Promise<VerifierResult> {
    const suite = await runFullSuite(this.ws.sandbox, this.ws.repo, this.ws.files);
    const truth = suite.failed === 0 ? "correct" : "incorrect";
    const verdict = this.submission?.verdict;
    const passed = verdict === truth;
    return { reward: passed ? 1 : 0, passed, details: { verdict, truth, testsWithPatch: suite } };
  }
}
