/**
 * unit_test: write tests for a target function; reward 1 iff they pass on the
 * correct code AND fail on at least one semantic mutant of the function (the
 * kill ratio is in the verifier's details).
 */
import { applyLineEdits, type LineEdit } from "../../world/mutations";
import { checkStatement, srcFileOf } from "../../world/harness";
import type { Outcome } from "../../world/types";
import { Episode, type Candidate, type VerifierResult } from "../episode";
import { listCandidate, readCandidates, searchCandidates, testCandidate } from "../tools";

export type AssertionKind = "pinned" | "type" | "runs";

/** Inputs a tester would call boundary cases: empty collections or strings, zero, negatives. */
export function isEdgeInput(args: string): boolean {
  return /\[\]|''|""|\{\}|(^|[^\d.])0($|[^\d.])|-\d/.test(args);
}

const typeOfShown = (value: string) =>
  value === "undefined" ? "undefined" : value === "null" || value.startsWith("[") || value.startsWith("{") ? "object" : value.startsWith('"') ? "string" : value === "true" || value === "false" ? "boolean" : "number";

export class UnitTestEpisode extends Episode {
  readonly kind = "unit_test" as const;
  readonly maxTurns = 10;
  module = "";
  fn = "";
  inputs: string[] = [];
  mutants: LineEdit[][] = [];
  readonly observed = new Map<string, Outcome>();
  readonly added: { input: string; kind: AssertionKind; line: string }[] = [];

  get testPath(): string {
    return `test/${this.fn}.agent.test.js`;
  }

  get prompt(): string {
    return `Write unit tests for \`${this.fn}\` (${srcFileOf(this.module)}) in ${this.testPath}. They must pass on the current code and catch wrong implementations of \`${this.fn}\`. Add tests, then submit.`;
  }

  renderTests(): string {
    return this.fileWith(this.added.map((a) => a.line));
  }

  candidates(): Candidate[] {
    const ws = this.ws;
    const calls: Candidate[] = this.inputs.map((input) => ({
      tool: "call",
      args: { expression: `${this.fn}(${input})` },
      features: ["call", this.observed.has(input) ? "call:again" : "call:new", isEdgeInput(input) ? "call:edge" : "call:plain"],
      run: async () => {
        const [r] = await ws.sandbox.calls(ws.files, srcFileOf(this.module), [this.fn], [`${this.fn}(${input})`]);
        this.observed.set(input, r);
        return "throws" in r ? `${this.fn}(${input}) throws ${r.throws}: ${r.message ?? ""}` : `${this.fn}(${input}) -> ${r.value}`;
      },
    }));
    const adds: Candidate[] = [];
    for (const input of this.inputs) {
      const seen = this.observed.get(input);
      const kinds: AssertionKind[] = seen ? ("throws" in seen ? ["pinned", "runs"] : ["pinned", "type", "runs"]) : ["runs"];
      for (const kind of kinds) {
        const call = `${this.fn}(${input})`;
        const line =
          kind === "pinned"
            ? `test(${JSON.stringify(call)}, () => ${checkStatement(call, seen!)});`
            : kind === "type"
              ? `test(${JSON.stringify(`typeof ${call}`)}, () => eq(typeof ${call}, ${JSON.stringify(typeOfShown((seen as { value: string }).value))}));`
              : `test(${JSON.stringify(`${call} runs`)}, () => { ${call}; });`;
        adds.push({
          tool: "add_test",
          args: { path: this.testPath, test: line },
          features: [
            "add_test",
            `add_test:${kind}`,
            ...(isEdgeInput(input) ? ["add_test:edge"] : []),
            ...(this.added.some((a) => a.input === input) ? ["add_test:dup"] : []),
            ...(seen && "throws" in seen ? ["add_test:throws"] : []),
          ],
          run: () => {
            this.added.push({ input, kind, line });
            ws.files[this.testPath] = this.renderTests();
            ws.version++;
            return `Added to ${this.testPath}:\n${line}`;
          },
        });
      }
    }
    const n = this.added.length;
    const submit = this.submit({ path: this.testPath }, [
      "submit:tests",
      `submit:tests:n${Math.min(n, 3)}`,
      ...(this.added.some((a) => a.kind === "pinned") ? ["submit:tests:pinned"] : []),
      `submit:tests:run_${ws.testStatus()}`,
    ]);
    return [listCandidate(this), ...readCandidates(this), ...searchCandidates(this), ...calls, ...adds, testCandidate(this), submit];
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
    const killed = await Promise.all(this.mutants.map(async (m) => (await failsOn(m)).length > 0));
    const kills = killed.filter(Boolean).length;
    const passed = passOnCorrect && kills >= 1;
    return {
      reward: passed ? 1 : 0,
      passed,
      details: {
        tests: lines.length,
        passOnCorrectCode: passOnCorrect,
        failuresOnCorrectCode: onCorrect,
        mutantsKilled: kills,
        mutants: this.mutants.length,
        killRatio: this.mutants.length ? kills / this.mutants.length : 0,
        killedBy: this.mutants.map((m, i) => ({ mutant: `${m[0].file}:${m[0].line}: ${m[0].after.trim()}`, killed: killed[i] })),
      },
    };
  }
}
