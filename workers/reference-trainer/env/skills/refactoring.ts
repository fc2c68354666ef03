/**
 * Renames: reward needs the old name gone from every file and the complete
 * suite, with the tests' references renamed, passing.
 * - editing (atomic): the prompt names every file that uses the name; the
 *   agent renames in each (it has editing's tools only: no looking for files).
 * - refactoring (composite, held-out): the files are not named, so the agent
 *   finds them (search, as in localization), renames in each (as in editing)
 *   and, like every composite, submits with a green test run of its own.
 */
import { hasIdentifier, renameIdentifier } from "../../world/mutations";
import { Episode, type Candidate, type VerifierResult } from "../episode";
import { editCandidates, listCandidate, readCandidates, renameCandidates, searchCandidates, testCandidate, undoCandidates } from "../tools";
import { runFullSuite } from "../verify";
import type { Workspace } from "../workspace";
import { changeSubmitFeatures } from "./fix";

export class RenameEpisode extends Episode {
  readonly maxTurns = 12;
  from = "";
  to = "";
  /** editing: the files the prompt names. */
  named: string[] = [];

  constructor(
    readonly kind: "editing" | "refactoring",
    taskId: string,
    ws: Workspace,
    symbols: string[],
  ) {
    super(taskId, ws, symbols);
  }

  get prompt(): string {
    const what = `rename the function \`${this.from}\` to \`${this.to}\``;
    if (this.kind === "editing") return `Edit: ${what} in ${this.named.join(", ")} (every file that uses it). Behaviour must not change and all tests must pass. Submit when done.`;
    return `Refactor: ${what} everywhere (its definition, exports, callers and tests). Behaviour must not change and all tests must pass. Submit when done.`;
  }

  candidates(): Candidate[] {
    if (this.kind === "editing") {
      return [...readCandidates(this), ...renameCandidates(this, this.from, this.to, this.named), ...editCandidates(this), ...undoCandidates(this), testCandidate(this), this.submit({}, changeSubmitFeatures(this))];
    }
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
    const done = leftovers.length === 0 && suite.failed === 0;
    if (this.kind === "editing") return { reward: done ? 1 : 0, passed: done, details: { oldNameStillIn: leftovers, suite } };
    const testedGreen = ws.testStatus() === "pass";
    const passed = done && testedGreen;
    return { reward: passed ? 1 : 0, passed, details: { oldNameStillIn: leftovers, suite, testedGreenBeforeSubmit: testedGreen } };
  }
}
