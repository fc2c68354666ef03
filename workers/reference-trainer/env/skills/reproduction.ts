/** reproduction: write a script that reproduces the issue; reward 1 iff it fails on the buggy code and passes on the fixed code. */
import { Episode, type Candidate, type VerifierResult } from "../episode";
import { listCandidate, readCandidates, runScriptCandidates, scriptCandidates, searchCandidates } from "../tools";
import { SCRIPT_PATH } from "../workspace";

export class ReproductionEpisode extends Episode {
  readonly kind = "reproduction" as const;
  readonly maxTurns = 8;
  /** The correct sources (the bug fixed). */
  fixedSources: Record<string, string> = {};
  visibleCases?: ReadonlySet<number>;

  get prompt(): string {
    return `Issue:\n${this.issue!.text}\n\nWrite a script ${SCRIPT_PATH} that fails while this bug is present and passes once it is fixed, then submit it.`;
  }

  candidates(): Candidate[] {
    const status = this.ws.scriptStatus();
    return [
      listCandidate(this),
      ...readCandidates(this),
      ...searchCandidates(this),
      ...scriptCandidates(this, this.visibleCases),
      ...runScriptCandidates(this),
      this.submit({ path: SCRIPT_PATH }, ["submit:repro", `submit:repro:${status}`]),
    ];
  }

  async verify(): Promise<VerifierResult> {
    const script = this.ws.files[SCRIPT_PATH];
    if (script === undefined) return { reward: 0, passed: false, details: { reason: "no script was written" } };
    const before = await this.ws.sandbox.script(this.ws.files, SCRIPT_PATH);
    const after = await this.ws.sandbox.script({ ...this.ws.files, ...this.fixedSources }, SCRIPT_PATH);
    const passed = !before.ok && after.ok;
    return {
      reward: passed ? 1 : 0,
      passed,
      details: {
        script,
        beforeFix: before.ok ? "passes (should fail)" : `fails: ${before.error?.name}: ${before.error?.message}`,
        afterFix: after.ok ? "passes" : `fails (should pass): ${after.error?.name}: ${after.error?.message}`,
      },
    };
  }
}
