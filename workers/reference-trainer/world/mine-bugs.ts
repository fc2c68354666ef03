/**
 * Bug mining for the generator, by executing code: a bug is a mutant that
 * makes real tests fail; its issue quotes a failing case, either of the
 * mutated module itself or of a module that calls it (the symptom shows in a
 * caller, so the issue names a function that is not where the bug is).
 */
import { hashOrder, hash32 } from "../rng";
import type { Files, Sandbox } from "../sandbox/sandbox";
import { srcFileOf } from "./harness";
import { gapClass, isRejection, issueText } from "./issues";
import { EDIT_OPS, applyLineEdits, applySite, invertEdit, mutationSites, siteLineEdit, type Site } from "./mutations";
import { caseOfTest, testPaths, workspaceFiles } from "./repo-files";
import type { Bug, Case, IssueCall, Outcome, Repo, ReviewTask } from "./types";

export interface MineOptions {
  sandbox: Sandbox;
  seed: number;
  /** Bugs per module whose issue quotes the module's own failing case. */
  ownPerModule: number;
  /** Bugs per module whose issue quotes a failing case of a caller (when the repository has one). */
  callerPerModule: number;
  pairsPerRepo: number;
}

export interface Mined {
  bug: Bug;
  kind: string;
  /** The module the bug is in. */
  module: string;
  /** Where the issue's symptom shows: the buggy module itself, or a module that calls it. */
  symptom: "own" | "caller";
  /** Vulnerability class, when the bug lets hostile input through a security module's guard. */
  security?: string;
}

const same = (a: Outcome, b: Outcome) => ("throws" in a ? "throws" in b && a.throws === b.throws : !("throws" in b) && a.value === b.value);
export const broken = (o: Outcome) => "throws" in o && (o.throws === "Timeout" || o.throws === "Crash");

/** Runs the full suite on `sources`; the ids of failing cases, or null when a test file failed to load. */
export async function failingCases(sandbox: Sandbox, repo: Repo, sources: Files): Promise<number[] | null> {
  const suite = await sandbox.suite(workspaceFiles(repo, [], sources), testPaths(repo));
  const ids: number[] = [];
  for (const t of suite.tests) {
    if (t.ok) continue;
    const c = caseOfTest(repo, t.file, t.name);
    if (!c) return null;
    ids.push(c.id);
  }
  return ids;
}

async function issueCallsFor(sandbox: Sandbox, repo: Repo, sources: Files, cases: Case[]): Promise<IssueCall[]> {
  const out: IssueCall[] = [];
  for (const c of cases) {
    const m = repo.modules.find((x) => x.name === c.module)!;
    const [got] = await sandbox.calls(sources, srcFileOf(c.module), m.exports, [c.call]);
    if (broken(got) || same(got, c.expect)) continue;
    out.push({ fn: c.fn, module: c.module, call: c.call, got, expected: c.expect, gap: gapClass(got, c.expect) });
  }
  return out;
}

/** The reported cases: the regression tests a fix would add, hidden from the agent (the verifier runs them). */
function regressionCases(repo: Repo, calls: Pick<IssueCall, "module" | "call">[]): number[] {
  return calls.map((c) => repo.cases.find((x) => x.module === c.module && x.call === c.call)!.id);
}

const letsThrough = (c: IssueCall) => isRejection(c.expected) && !isRejection(c.got);

interface Candidate {
  site: Site;
  own?: IssueCall;
  caller?: IssueCall;
}

/** Round-robin over operator kinds, so a module's bugs are of different kinds. */
function pickByKind<T extends { site: Site }>(list: T[], n: number): T[] {
  const byKind = new Map<string, T[]>();
  for (const c of list) byKind.set(c.site.kind, [...(byKind.get(c.site.kind) ?? []), c]);
  const picked: T[] = [];
  for (let round = 0; picked.length < n && round < 10; round++) {
    for (const l of byKind.values()) if (l[round] && picked.length < n) picked.push(l[round]);
  }
  return picked;
}

export async function mineBugs(repo: Repo, o: MineOptions): Promise<Mined[]> {
  const chosen: Mined[] = [];
  for (const m of repo.modules) {
    const file = srcFileOf(m.name);
    const source = repo.files[file];
    const sites = mutationSites(source).filter((s) => EDIT_OPS.includes(s.kind));
    // A guard's bugs are preferably ones that let hostile input through: rejections first.
    const order = (cases: Case[], salt: string) => {
      const xs = hashOrder(cases, (c) => `${c.module}:${c.call}`, `${o.seed}:${repo.id}:${salt}`);
      if (m.security) xs.sort((a, b) => Number(isRejection(b.expect)) - Number(isRejection(a.expect)));
      return xs;
    };
    const candidates: Candidate[] = (
      await Promise.all(
        sites.map(async (site): Promise<Candidate | null> => {
          const sources = { ...repo.files, [file]: applySite(source, site) };
          const failing = await failingCases(o.sandbox, repo, sources);
          if (!failing?.length) return null;
          const failed = repo.cases.filter((c) => failing.includes(c.id));
          const [own] = await issueCallsFor(o.sandbox, repo, sources, order(failed.filter((c) => c.module === m.name), `${site.start}`).slice(0, 3));
          const [caller] = await issueCallsFor(o.sandbox, repo, sources, order(failed.filter((c) => c.module !== m.name), `caller:${site.start}`).slice(0, 3));
          return own || caller ? { site, own, caller } : null;
        }),
      )
    ).filter((c): c is Candidate => c !== null);
    const ordered = hashOrder(candidates, (c) => `${c.site.start}:${c.site.text}`, `${o.seed}:${repo.id}:${m.name}`);
    const security = (call: IssueCall | undefined) => (m.security && call && letsThrough(call) ? m.security : undefined);
    const prefer = (which: "own" | "caller") => [...ordered.filter((c) => c[which])].sort((a, b) => Number(!!security(b[which])) - Number(!!security(a[which])));
    const ownPicks = pickByKind(prefer("own"), o.ownPerModule);
    const callerPicks = pickByKind(prefer("caller").filter((c) => !ownPicks.includes(c)), o.callerPerModule);
    const picks = [...ownPicks.map((c) => ({ c, symptom: "own" as const, call: c.own! })), ...callerPicks.map((c) => ({ c, symptom: "caller" as const, call: c.caller! }))];
    for (const { c, symptom, call } of picks) {
      const id = `${repo.id}#${chosen.length + 1}`;
      const sec = security(call);
      const bug: Bug = {
        id,
        repo: repo.id,
        mutations: [siteLineEdit(file, source, c.site)],
        hiddenCases: regressionCases(repo, [call]),
        issue: { text: issueText([call], hash32(id), sec), calls: [call] },
      };
      chosen.push({ bug, kind: c.site.kind, module: m.name, symptom, security: sec });
    }
  }
  return chosen;
}

/** Two bugs in two files of a repository, reported together: two-file localization tasks. */
export async function pairBugs(repo: Repo, mined: Mined[], o: MineOptions): Promise<Bug[]> {
  const pairs: [Mined, Mined][] = [];
  for (let i = 0; i < mined.length; i++) for (let j = i + 1; j < mined.length; j++) if (mined[i].module !== mined[j].module) pairs.push([mined[i], mined[j]]);
  const out: Bug[] = [];
  for (const [a, b] of hashOrder(pairs, ([x, y]) => x.bug.id + y.bug.id, o.seed)) {
    if (out.length >= o.pairsPerRepo) break;
    const reported = [a, b].map((x) => x.bug.issue.calls[0]);
    if (reported[0].module === reported[1].module && reported[0].call === reported[1].call) continue;
    const mutations = [...a.bug.mutations, ...b.bug.mutations];
    const sources = applyLineEdits(repo.files, mutations);
    const failing = await failingCases(o.sandbox, repo, sources);
    if (!failing) continue;
    const calls = await issueCallsFor(o.sandbox, repo, sources, reported.map((r) => repo.cases.find((c) => c.call === r.call && c.module === r.module)!));
    if (calls.length !== 2) continue;
    const id = `${repo.id}#${a.bug.id.split("#")[1]}+${b.bug.id.split("#")[1]}`;
    out.push({ id, repo: repo.id, mutations, hiddenCases: regressionCases(repo, calls), issue: { text: issueText(calls, hash32(id)), calls } });
  }
  return out;
}

/** The patch a review task shows: the fix, a wrong-line edit, or the fix plus a regression; its truth comes from running the tests. */
export async function reviewPatch(repo: Repo, bug: Bug, o: Pick<MineOptions, "sandbox">): Promise<Pick<ReviewTask, "patch" | "patchKind" | "patchCorrect">> {
  const buggy = applyLineEdits(repo.files, bug.mutations);
  const fix = bug.mutations.map(invertEdit);
  const want = hash32(bug.id, "review") % 4;
  const [mut] = bug.mutations;
  const tryVariant = async (kind: "wrong_line" | "fix_with_regression") => {
    const base = kind === "wrong_line" ? buggy : repo.files;
    const source = base[mut.file];
    const sites = mutationSites(source).filter((s) => EDIT_OPS.includes(s.kind) && (kind === "wrong_line" ? Math.abs(s.line - mut.line) <= 2 : s.line !== mut.line));
    for (const site of hashOrder(sites, (s) => `${s.start}:${s.text}`, bug.id)) {
      const edit = siteLineEdit(mut.file, source, site);
      const patch = kind === "wrong_line" ? [edit] : [...fix, edit];
      if (kind === "wrong_line" && edit.after === mut.before) continue;
      const failing = await failingCases(o.sandbox, repo, applyLineEdits(buggy, patch));
      if (failing?.length) return { patch, patchKind: kind, patchCorrect: false };
    }
    return null;
  };
  if (want === 2) {
    const v = await tryVariant("wrong_line");
    if (v) return v;
  }
  if (want === 3) {
    const v = await tryVariant("fix_with_regression");
    if (v) return v;
  }
  const failing = await failingCases(o.sandbox, repo, applyLineEdits(buggy, fix));
  return { patch: fix, patchKind: "fix", patchCorrect: failing?.length === 0 };
}
