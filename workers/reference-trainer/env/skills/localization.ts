/** localization: find the files relevant to an issue; reward 1 iff the submitted set equals the files the bug is in. */
import { Episode, type Candidate, type VerifierResult } from "../episode";
import { isDepOfPromptFile, listCandidate, readCandidates, searchCandidates, testCandidate } from "../tools";

export class LocalizationEpisode extends Episode {
  readonly kind = "localization" as const;
  readonly maxTurns = 8;
  truth: string[] = [];

  get prompt(): string {
    return `Issue:\n${this.issue!.text}\n\nFind the source files that must change to fix this issue, then submit the file set.`;
  }

  candidates(): Candidate[] {
    return [listCandidate(this), ...readCandidates(this), ...searchCandidates(this), testCandidate(this), ...this.submissions()];
  }

  private submissions(): Candidate[] {
    const ws = this.ws;
    const known = [...ws.known].filter((p) => p in ws.files && p !== "test/harness.js").sort();
    const src = known.filter((p) => ws.isSource(p));
    const sets: string[][] = known.map((p) => [p]);
    for (let i = 0; i < src.length; i++) for (let j = i + 1; j < src.length; j++) sets.push([src[i], src[j]]);
    return sets.map((files) => {
      const defines = files.map((f) => ws.definesSymbol(f, this.symbols));
      const covers = this.symbols.every((s) => files.some((f) => ws.definesSymbol(f, [s])));
      return this.submit({ files }, [
        "submit:loc",
        `submit:loc:size${files.length}`,
        `submit:loc:size${files.length}_of${this.symbols.length}`,
        ...(defines.every(Boolean) ? ["submit:loc:all_define"] : []),
        ...(files.every((f) => isDepOfPromptFile(this, f)) ? ["submit:loc:all_dep"] : []),
        ...(covers ? ["submit:loc:covers"] : []),
        ...(files.some((f) => f.startsWith("test/")) ? ["submit:loc:has_test"] : []),
        ...(files.some((f) => !ws.read.has(f)) ? ["submit:loc:unread"] : []),
        ...(files.some((f) => ws.failingModules().has(f)) ? ["submit:loc:failing"] : []),
      ]);
    });
  }

  async verify(): Promise<VerifierResult> {
    const submitted = [...((this.submission?.files as string[]) ?? [])].sort();
    const passed = submitted.length === this.truth.length && submitted.every((f, i) => f === this.truth[i]);
    return { reward: passed ? 1 : 0, passed, details: { submitted, truth: this.truth } };
  }
}
