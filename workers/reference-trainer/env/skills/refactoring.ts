/**
 * refactoring (composite, held-out): rename a function everywhere without
 * changing behaviour; reward 1 iff the old name is gone from every file and the
 * complete suite, with the tests' references renamed, passes.
 */
import { hasIdentifier, renameIdentifier } from "../../world/mutations";
import { Episode, type Candidate, type VerifierResult } from "../episode";
import { editCandidates, listCandidate, readCandidates, renameCandidates, searchCandidates, testCandidate, undoCandidates } from "../tools";
import { runFullSuite } from "../verify";
import { changeSubmitFeatures } from "./fix";

export class RefactoringEpisode extends Episode {
  readonly kind = "refactoring" as const;
  readonly maxTurns = 12;
  from = "";
  to = "";

  get prompt(): string {
    return `Refactor: rename the function \`${this.from}\` to \`${this.to}\` everywhere (its definition, exports, callers and tests). Behaviour must not change and all tests must pass. Submit when done.`;
  }

  candidates(): Candidate[] {
    return [
      listCandidate(this),
      ...readCandidates(this),
      ...searchCandidates(this),
      ...renameCandidates(this, this.from, this.to),
      ...editCandidates(this),
      ...undoCandidates(this),
      testCandidate(this),
      this.submit({}, changeSubmitFeatures(this)),
    ];
  }

  async verify(): Promise<VerifierResult> {
    const ws = this.ws;
    const leftovers = Object.keys(ws.files).filter((p) => p !== "test/harness.js" && hasIdentifier(ws.files[p], this.from));
    const suite = await runFullSuite(ws.sandbox, ws.repo, ws.files, (text) => renameIdentifier(text, this.from, this.to));
    const passed = leftovers.length === 0 && suite.failed === 0;
    return { reward: passed ? 1 : 0, passed, details: { oldNameStillIn: leftovers, suite } };
  }
}
