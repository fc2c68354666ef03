/**
 * Unit-test tasks for the generator: each one is a function with a reported
 * (and fixed) bug. The agent's tests must catch that bug and a share of the
 * function's other semantic mutants. Mutants are kept only when the function's
 * test inputs tell them apart from the correct code, and only one per kill
 * signature (the set of inputs that expose it): two mutants that the same
 * inputs expose are the same fault as far as tests can tell. A function where
 * one input exposes the bug and every other mutant at once makes no
 * test-writing task (a single assertion would do) and is left out.
 */
import { hashOrder } from "../rng";
import type { Sandbox } from "../sandbox/sandbox";
import { srcFileOf } from "./harness";
import { ALL_OPS, applyLineEdits, applySite, functionRanges, mutationSites, siteLineEdit, type LineEdit } from "./mutations";
import { broken } from "./mine-bugs";
import type { Bug, Outcome, Repo } from "./types";

export interface UnitTestTarget {
  repo: string;
  module: string;
  fn: string;
  bug: string;
  /** The other semantic mutants of `fn`, each one line edit. */
  mutants: LineEdit[][];
}

const same = (a: Outcome, b: Outcome) => ("throws" in a ? "throws" in b && a.throws === b.throws : !("throws" in b) && a.value === b.value);

/** The inputs (indices into `calls`) on which the mutated sources behave differently. */
async function killSignature(sandbox: Sandbox, files: Record<string, string>, file: string, exportsOf: string[], calls: string[], expected: Outcome[]): Promise<number[] | null> {
  const results = await sandbox.calls(files, file, exportsOf, calls);
  if (results.some(broken)) return null;
  return results.flatMap((r, i) => (same(r, expected[i]) ? [] : [i]));
}

/**
 * The unit-test task of a single-line bug, when the bug sits in an exported
 * function with at least `minCases` test inputs, those inputs expose the bug,
 * and at least `minMutants` other distinguishable mutants exist.
 */
export async function unitTestTarget(
  sandbox: Sandbox,
  repo: Repo,
  bug: Bug,
  o: { seed: number; maxMutants: number; minMutants: number; minCases: number },
): Promise<UnitTestTarget | null> {
  if (bug.mutations.length !== 1) return null;
  const [b] = bug.mutations;
  const module = repo.modules.find((m) => srcFileOf(m.name) === b.file)!;
  const source = repo.files[b.file];
  const holder = [...functionRanges(source)].find(([, [from, to]]) => b.line >= from && b.line <= to);
  if (!holder || !module.exports.includes(holder[0])) return null;
  const [fn, [from, to]] = holder;
  const cases = repo.cases.filter((c) => c.module === module.name && c.fn === fn);
  if (cases.length < o.minCases) return null;
  const calls = cases.map((c) => c.call);
  const expected = cases.map((c) => c.expect);
  const bugSig = await killSignature(sandbox, applyLineEdits(repo.files, [b]), b.file, module.exports, calls, expected);
  if (!bugSig?.length) return null;
  const seen = new Set([bugSig.join(",")]);
  const sigs: number[][] = [];
  const mutants: LineEdit[][] = [];
  const sites = mutationSites(source).filter((s) => ALL_OPS.includes(s.kind) && s.line >= from && s.line <= to);
  for (const site of hashOrder(sites, (s) => `${s.start}:${s.text}`, `${o.seed}:${fn}`)) {
    if (mutants.length >= o.maxMutants) break;
    const edit = siteLineEdit(b.file, source, site);
    if (edit.line === b.line && edit.after === b.after) continue;
    const sig = await killSignature(sandbox, { ...repo.files, [b.file]: applySite(source, site) }, b.file, module.exports, calls, expected);
    if (!sig?.length || seen.has(sig.join(","))) continue;
    seen.add(sig.join(","));
    sigs.push(sig);
    mutants.push([edit]);
  }
  if (mutants.length < o.minMutants) return null;
  if (bugSig.some((i) => sigs.every((sig) => sig.includes(i)))) return null;
  return { repo: repo.id, module: module.name, fn, bug: bug.id, mutants };
}
