/**
 * unit_test: write tests for a function whose reported bug was fixed. Reward 1
 * iff the tests pass on the correct code AND fail on the reported bug AND fail
 * on at least `OTHER_MUTANTS_TO_KILL` (all) of the function's other semantic
 * mutants (the paper's "expose the faults of the semantically mutated
 * variants"). The kill rate over all of them is in the verifier's details.
 */
import { applyLineEdits, type LineEdit } from "../../world/mutations";
import { checkStatement, srcFileOf } from "../../world/harness";
import type { Outcome } from "../../world/types";
import { Episode, type Candidate, type VerifierResult } from "../episode";
import { readCandidates, testCandidate } from "../tools";

export type AssertionKind = "pinned" | "type" | "runs";

/** Share of the other mutants the tests must kill (rounded up), besides the reported bug: all of them, as in the paper. */
export const OTHER_MUTANTS_TO_KILL = 1;

/** Inputs a tester would call boundary cases: empty collections or strings, zero, negatives. */
export function isEdgeInput(args: string): boolean {
  return /\[\]|''|""|\{\}|(^|[^\d.])0($|[^\d.])|-\d/.test(args);
}

const typeOfShown = (value: string) =>
  value === "undefined" ? "undefined" : value === "null" || value.startsWith("[") || value.startsWith("{") ? "object" : value.startsWith('"') ? "string" : value === "true" || value === "false" ? "boolean" : "number";

export class UnitTestEpisode extends Episode {
  readonly kind = "unit_test" as const;
  readonly maxTurns = 14;
  module = "";
  fn = "";
  inputs: string[] = [];
  /** The reported bug's mutation. */
  bugMutant: LineEdit[] = [];
  mutants: LineEdit[][] = [];
  readonly observed = new Map<string, Outcome>();
  readonly added: { input: string; kind: AssertionKind; line: string }[] = [];

  get testPath(): string {
    return `test/${this.fn}.agent.test.js`;
  }

  get prompt(): string {
    return (
      `This issue was fixed in \`${this.fn}\` (${srcFileOf(this.module)}):\n${this.issue!.text}\n\n` +
      `Write unit tests for \`${this.fn}\` in ${this.testPath}. They must pass on the current code, fail if the bug came back, and catch other wrong implementations of \`${this.fn}\`. Add tests, then submit.`
    );
  }

  /** Whether the issue reports a call of the target with this input. */
  private fromIssue(input: string): boolean {
    return !!this.issue?.calls.some((c) => c.call === `${this.fn}(${input})`);
  }

  renderTests(): string {
    return this.fileWith(this.added.map((a) => a.line));
  }

  /** What the function does on `input` (run once, then remembered). */
  private async observe(input: string): Promise<Outcome> {
    let seen = this.observed.get(input);
    if (!seen) {
      [seen] = await this.ws.sandbox.calls(this.ws.files, srcFileOf(this.module), [this.fn], [`${this.fn}(${input})`]);
      this.observed.set(input, seen);
    }
    return seen;
  }

  /**
   * A test of `input`: `pinned` asserts what the function returns (or throws)
   * now, a snapshot of the fixed code; `type` only its type (or that it
   * throws); `runs` only that the call finishes.
   */
  private testLine(input: string, kind: AssertionKind, seen: Outcome): string {
    const call = `${this.fn}(${input})`;
    if (kind === "runs") return `test(${JSON.stringify(`${call} runs`)}, () => { ${call}; });`;
    if (kind === "pinned" || "throws" in seen) return `test(${JSON.stringify(call)}, () => ${checkStatement(call, seen)});`;
    return `test(${JSON.stringify(`typeof ${call}`)}, () => eq(typeof ${call}, ${JSON.stringify(typeOfShown(seen.value))}));`;
  }

  candidates(): Candidate[] {
    const ws = this.ws;
    const adds: Candidate[] = [];
    for (const input of this.inputs) {
      for (const kind of ["pinned", "type", "runs"] as const) {
        adds.push({
          tool: "add_test",
          args: { path: this.testPath, call: `${this.fn}(${input})`, assert: kind },
          features: [
            "add_test",
            `add_test:${kind}`,
            ...(isEdgeInput(input) ? ["add_test:edge"] : []),
            ...(this.fromIssue(input) ? ["add_test:issue"] : []),
            ...(this.added.some((a) => a.input === input) ? ["add_test:dup"] : []),
          ],
          run: async () => {
            const line = this.testLine(input, kind, await this.observe(input));
            this.added.push({ input, kind, line });
            ws.files[this.testPath] = this.renderTests();
            ws.version++;
            return `Added to ${this.testPath}:\n${line}`;
          },
        });
      }
    }
    const pinned = new Set(this.added.filter((a) => a.kind === "pinned").map((a) => a.input));
    const submit = this.submit({ path: this.testPath }, [
      "submit:tests",
      `submit:tests:n${Math.min(this.added.length, 4)}`,
      `submit:tests:pinned_inputs${Math.min(pinned.size, 4)}`,
      ...(pinned.size === this.inputs.length ? ["submit:tests:pinned_all"] : []),
      ...(this.inputs.some((i) => this.fromIssue(i) && pinned.has(i)) ? ["submit:tests:issue_pinned"] : []),
      `submit:tests:run_${ws.testStatus()}`,
    ]);
    return [...readCandidates(this), ...adds, testCandidate(this), submit];
  }

  /** A test file holding some of the agent's tests. */
  private fileWith(lines: readonly string[]): string {
    return ["const { test, eq, throws } = require('./harness');", `const { ${this.fn} } = require('../${srcFileOf(this.module)}');`, "", ...lines, ""].join("\n");
  }

  /**
   * Runs the agent's tests on the correct code and on each mutant. The tests are
   * independent, so each one is run on its own: a mutant is killed when any test
   * fails on it, and the sandbox's cache reuses the outcome of a test another
   * episode also wrote.
   */
  async verify(): Promise<VerifierResult> {
    const ws = this.ws;
    const lines = [...new Set(this.added.map((a) => a.line))];
    const failsOn = async (mutant: LineEdit[] | null) => {
      const results = await Promise.all(
        lines.map((line) => {
          const files = { ...(mutant ? applyLineEdits(ws.files, mutant) : ws.files), [this.testPath]: this.fileWith([line]) };
          return ws.sandbox.suite(files, [this.testPath]);
        }),
      );
      return results.flatMap((r, i) => (r.tests.length && r.tests.every((t) => t.ok) ? [] : [`${lines[i]} -> ${r.tests.find((t) => !t.ok)?.error?.message ?? "no test ran"}`]));
    };
    const onCorrect = await failsOn(null);
    const passOnCorrect = lines.length > 0 && onCorrect.length === 0;
    const [killsBug, ...killed] = await Promise.all([this.bugMutant, ...this.mutants].map(async (m) => (await failsOn(m)).length > 0));
    const kills = killed.filter(Boolean).length;
    const needed = Math.ceil(OTHER_MUTANTS_TO_KILL * this.mutants.length);
    const passed = passOnCorrect && killsBug && kills >= needed;
    const all = this.mutants.length + 1;
    return {
      reward: passed ? 1 : 0,
      passed,
      details: {
        tests: lines.length,
        passOnCorrectCode: passOnCorrect,
        failuresOnCorrectCode: onCorrect,
        killsReportedBug: killsBug,
        otherMutantsKilled: kills,
        otherMutantsNeeded: needed,
        mutants: all,
        // Over the reported bug and the other mutants; tests that fail on the correct code kill nothing.
        killRatio: passOnCorrect ? (kills + (killsBug ? 1 : 0)) / all : 0,
        killedBy: [this.bugMutant, ...this.mutants].map((m, i) => ({ mutant: `${m[0].file}:${m[0].line}: ${m[0].after.trim()}`, reported: i === 0, killed: i === 0 ? killsBug : killed[i - 1] })),
      },
    };
  }
}
