/**
 * Generates the bundled task world (`world/data/world.json`) from the module
 * library, by executing code: expected outcomes come from running the correct
 * modules, bugs are mutants that make real tests fail, issue texts quote the
 * buggy behaviour, review truths and unit-test mutants are established by
 * running the tests. Run once and commit the output:
 *
 *   node --import tsx workers/reference-trainer/world/generate.ts
 */
import fs from "node:fs";
import path from "node:path";
import { hashOrder, hash32 } from "../rng";
import { Sandbox, type Files } from "../sandbox/sandbox";
import { HARNESS_PATH, HARNESS_SOURCE, srcFileOf } from "./harness";
import { gapClass, isRejection, issueText } from "./issues";
import { HELDOUT_MODULES } from "./library/heldout-modules";
import { exportsOf, type ModuleDef } from "./library/module-def";
import { HELDOUT_REPOS, TRAIN_REPOS } from "./library/repos";
import { TRAIN_MODULES } from "./library/train-modules";
import { ALL_OPS, EDIT_OPS, applyLineEdits, applySite, functionRanges, hasIdentifier, invertEdit, mutationSites, siteLineEdit, type LineEdit } from "./mutations";
import { caseOfTest, testPaths, workspaceFiles } from "./repo-files";
import { WORLD_FILE, worldFromStored } from "./load";
import { repoFromStored, storeEdit, type StoredBug, type StoredModule, type StoredWorld } from "./stored";
import { ATOMIC_SKILLS, BENCHMARKS, type Bug, type Case, type IssueCall, type Outcome, type RefactorTask, type Repo, type ReviewTask, type Split, type UnitTestTask } from "./types";

const SEED = 7;
const BUGS_PER_MODULE = 3;
const PAIRS_PER_REPO = 2;
const MUTANTS_PER_TARGET = 6;

const sandbox = new Sandbox({ threads: 2 });
const defs = new Map<string, ModuleDef>([...TRAIN_MODULES, ...HELDOUT_MODULES].map((m) => [m.name, m]));

const same = (a: Outcome, b: Outcome) => ("throws" in a ? "throws" in b && a.throws === b.throws : !("throws" in b) && a.value === b.value);
const broken = (o: Outcome) => "throws" in o && (o.throws === "Timeout" || o.throws === "Crash");

function checkLibrary() {
  const owner = new Map<string, string>();
  for (const m of defs.values()) {
    const exp = exportsOf(m.source);
    for (const fn of Object.keys(m.cases)) if (!exp.includes(fn)) throw new Error(`${m.name}: cases for '${fn}', which is not exported`);
    for (const fn of exp) {
      if (owner.has(fn)) throw new Error(`function '${fn}' is defined in both ${owner.get(fn)} and ${m.name}`);
      owner.set(fn, m.name);
    }
  }
  const trainMods = new Set(Object.values(TRAIN_REPOS).flat());
  for (const m of Object.values(HELDOUT_REPOS).flat()) if (trainMods.has(m)) throw new Error(`module ${m} is in both splits`);
}

/** Records each case's expected outcome by running the correct module (with its dependencies). */
async function buildModule(def: ModuleDef, split: Split): Promise<StoredModule> {
  const files: Record<string, string> = { [HARNESS_PATH]: HARNESS_SOURCE };
  const addWithDeps = (name: string) => {
    const d = defs.get(name)!;
    files[srcFileOf(name)] = d.source;
    for (const dep of d.deps ?? []) addWithDeps(dep);
  };
  addWithDeps(def.name);
  const exp = exportsOf(def.source);
  const calls = Object.entries(def.cases).flatMap(([fn, args]) => args.map((a) => ({ fn, call: `${fn}(${a})` })));
  if (new Set(calls.map((c) => c.call)).size !== calls.length) throw new Error(`${def.name}: duplicate case`);
  const results = await sandbox.calls(files, srcFileOf(def.name), exp, calls.map((c) => c.call));
  const cases = calls.map((c, i) => {
    const expect = results[i];
    if (broken(expect)) throw new Error(`${def.name}: ${c.call} did not finish on the correct code`);
    return { fn: c.fn, call: c.call, expect: "throws" in expect ? { throws: expect.throws } : expect };
  });
  return { name: def.name, split, exports: exp, deps: def.deps ?? [], ...(def.security ? { security: def.security } : {}), source: def.source, cases };
}

async function buildRepo(id: string, split: Split, names: string[], modules: Map<string, StoredModule>): Promise<Repo> {
  for (const n of names) for (const dep of defs.get(n)!.deps ?? []) if (!names.includes(dep)) throw new Error(`${id}: ${n} needs ${dep}`);
  const repo = repoFromStored({ id, split, modules: names }, modules);
  const suite = await sandbox.suite(workspaceFiles(repo), testPaths(repo));
  const bad = suite.tests.filter((t) => !t.ok);
  if (bad.length || suite.tests.length !== repo.cases.length) throw new Error(`${id}: the correct code fails its own tests: ${JSON.stringify(bad.slice(0, 3))}`);
  return repo;
}

/** Runs the full suite on `sources`; the ids of failing cases, or null when a test file failed to load. */
async function failingCases(repo: Repo, sources: Files): Promise<number[] | null> {
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

async function issueCallsFor(repo: Repo, sources: Files, cases: Case[]): Promise<IssueCall[]> {
  const out: IssueCall[] = [];
  for (const c of cases) {
    const m = repo.modules.find((x) => x.name === c.module)!;
    const [got] = await sandbox.calls(sources, srcFileOf(c.module), m.exports, [c.call]);
    if (broken(got) || same(got, c.expect)) continue;
    out.push({ fn: c.fn, module: c.module, call: c.call, got, expected: c.expect, gap: gapClass(got, c.expect) });
  }
  return out;
}

/**
 * The cases the issue reports: the regression tests a fix would add, hidden
 * from the agent (the verifier runs them). The bug's other failures stay
 * visible: existing tests it breaks, like a red CI.
 */
function regressionCases(repo: Repo, calls: Pick<IssueCall, "module" | "call">[]): number[] {
  return calls.map((c) => repo.cases.find((x) => x.module === c.module && x.call === c.call)!.id);
}

interface Mined {
  bug: Bug;
  kind: string;
  module: string;
  /** Vulnerability class, when the bug lets hostile input through a security module's guard. */
  security?: string;
}

async function mineBugs(repo: Repo): Promise<Mined[]> {
  const chosen: Mined[] = [];
  for (const m of repo.modules) {
    const file = srcFileOf(m.name);
    const source = repo.files[file];
    const sites = mutationSites(source).filter((s) => EDIT_OPS.includes(s.kind));
    const candidates = await Promise.all(
      sites.map(async (site) => {
        const sources = { ...repo.files, [file]: applySite(source, site) };
        const failing = await failingCases(repo, sources);
        if (!failing?.length) return null;
        let own = repo.cases.filter((c) => failing.includes(c.id) && c.module === m.name);
        own = hashOrder(own, (c) => c.call, `${SEED}:${repo.id}:${site.start}`);
        if (m.security) own.sort((a, b) => Number(isRejection(b.expect)) - Number(isRejection(a.expect)));
        const calls = await issueCallsFor(repo, sources, own.slice(0, 3));
        if (!calls.length) return null;
        const letsThrough = isRejection(calls[0].expected) && !isRejection(calls[0].got);
        return { site, failing, call: calls[0], security: m.security && letsThrough ? m.security : undefined };
      }),
    );
    const ok = hashOrder(candidates.filter((c) => c !== null), (c) => `${c.site.start}:${c.site.text}`, `${SEED}:${repo.id}:${m.name}`);
    // A security module's bugs are preferably ones that let hostile input through.
    ok.sort((a, b) => Number(!!b.security) - Number(!!a.security));
    // Round-robin over operator kinds, so a module's bugs are of different kinds.
    const byKind = new Map<string, typeof ok>();
    for (const c of ok) byKind.set(c.site.kind, [...(byKind.get(c.site.kind) ?? []), c]);
    const picked: typeof ok = [];
    for (let round = 0; picked.length < BUGS_PER_MODULE && round < 10; round++) {
      for (const list of byKind.values()) if (list[round] && picked.length < BUGS_PER_MODULE) picked.push(list[round]);
    }
    for (const c of picked) {
      const security = c.security;
      const id = `${repo.id}#${chosen.length + 1}`;
      const bug: Bug = {
        id,
        repo: repo.id,
        mutations: [siteLineEdit(file, source, c.site)],
        hiddenCases: regressionCases(repo, [c.call]),
        issue: { text: issueText([c.call], hash32(id), security), calls: [c.call] },
      };
      chosen.push({ bug, kind: c.site.kind, module: m.name, security });
    }
  }
  return chosen;
}

async function pairBugs(repo: Repo, mined: Mined[]): Promise<Bug[]> {
  const pairs: [Mined, Mined][] = [];
  for (let i = 0; i < mined.length; i++) for (let j = i + 1; j < mined.length; j++) if (mined[i].module !== mined[j].module) pairs.push([mined[i], mined[j]]);
  const out: Bug[] = [];
  for (const [a, b] of hashOrder(pairs, ([x, y]) => x.bug.id + y.bug.id, SEED)) {
    if (out.length >= PAIRS_PER_REPO) break;
    const mutations = [...a.bug.mutations, ...b.bug.mutations];
    const sources = applyLineEdits(repo.files, mutations);
    const failing = await failingCases(repo, sources);
    if (!failing) continue;
    const calls = await issueCallsFor(repo, sources, [a, b].map((x) => repo.cases.find((c) => c.call === x.bug.issue.calls[0].call && c.module === x.module)!));
    if (calls.length !== 2) continue;
    const id = `${repo.id}#${a.bug.id.split("#")[1]}+${b.bug.id.split("#")[1]}`;
    out.push({ id, repo: repo.id, mutations, hiddenCases: regressionCases(repo, calls), issue: { text: issueText(calls, hash32(id)), calls } });
  }
  return out;
}

async function reviewPatch(repo: Repo, bug: Bug): Promise<Pick<ReviewTask, "patch" | "patchKind" | "patchCorrect">> {
  const buggy = applyLineEdits(repo.files, bug.mutations);
  const fix = bug.mutations.map(invertEdit);
  const want = hash32(bug.id, "review") % 4;
  const [mut] = bug.mutations;
  const tryVariant = async (kind: "wrong_line" | "fix_with_regression") => {
    const base = kind === "wrong_line" ? buggy : repo.files;
    const source = base[mut.file];
    const sites = mutationSites(source).filter((s) =>
      EDIT_OPS.includes(s.kind) && (kind === "wrong_line" ? Math.abs(s.line - mut.line) <= 2 : s.line !== mut.line),
    );
    for (const site of hashOrder(sites, (s) => `${s.start}:${s.text}`, bug.id)) {
      const edit = siteLineEdit(mut.file, source, site);
      const patch = kind === "wrong_line" ? [edit] : [...fix, edit];
      if (kind === "wrong_line" && edit.after === mut.before) continue;
      const failing = await failingCases(repo, applyLineEdits(buggy, patch));
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
  const failing = await failingCases(repo, applyLineEdits(buggy, fix));
  return { patch: fix, patchKind: "fix", patchCorrect: failing?.length === 0 };
}

async function unitTestTasks(repo: Repo, seen: Set<string>): Promise<UnitTestTask[]> {
  const out: UnitTestTask[] = [];
  for (const m of repo.modules) {
    if (seen.has(m.name)) continue;
    seen.add(m.name);
    const file = srcFileOf(m.name);
    const source = repo.files[file];
    const ranges = functionRanges(source);
    for (const fn of m.exports) {
      const cases = repo.cases.filter((c) => c.module === m.name && c.fn === fn);
      const range = ranges.get(fn);
      if (cases.length < 3 || !range) continue;
      const sites = mutationSites(source).filter((s) => ALL_OPS.includes(s.kind) && s.line >= range[0] && s.line <= range[1]);
      const mutants: LineEdit[][] = [];
      for (const site of hashOrder(sites, (s) => `${s.start}:${s.text}`, `${SEED}:${fn}`)) {
        if (mutants.length >= MUTANTS_PER_TARGET) break;
        const results = await sandbox.calls({ ...repo.files, [file]: applySite(source, site) }, file, m.exports, cases.map((c) => c.call));
        if (results.some((r, i) => !same(r, cases[i].expect))) mutants.push([siteLineEdit(file, source, site)]);
      }
      if (!mutants.length) continue;
      out.push({ id: `unit_test:${repo.id}:${fn}`, kind: "unit_test", split: repo.split, repo: repo.id, module: m.name, fn, inputs: cases.map((c) => c.call.slice(fn.length + 1, -1)), mutants });
    }
  }
  return out;
}

function refactorTasks(repo: Repo): RefactorTask[] {
  const out: RefactorTask[] = [];
  for (const m of repo.modules) {
    for (const fn of m.exports) {
      const to = `compute${fn[0].toUpperCase()}${fn.slice(1)}`;
      if (Object.values(workspaceFiles(repo)).some((src) => hasIdentifier(src, to))) continue;
      out.push({ id: `refactoring:${repo.id}:${fn}`, kind: "refactoring", split: "heldout", repo: repo.id, from: fn, to });
    }
  }
  return out;
}

async function main() {
  const started = Date.now();
  checkLibrary();
  const modules = new Map<string, StoredModule>();
  for (const d of TRAIN_MODULES) modules.set(d.name, await buildModule(d, "train"));
  for (const d of HELDOUT_MODULES) modules.set(d.name, await buildModule(d, "heldout"));
  const storedRepos = [
    ...Object.entries(TRAIN_REPOS).map(([id, mods]) => ({ id, split: "train" as const, modules: mods })),
    ...Object.entries(HELDOUT_REPOS).map(([id, mods]) => ({ id, split: "heldout" as const, modules: mods })),
  ];
  const repos: Repo[] = [];
  for (const r of storedRepos) repos.push(await buildRepo(r.id, r.split, r.modules, modules));
  console.log(`${repos.length} repositories, ${modules.size} modules, ${[...modules.values()].reduce((n, m) => n + m.cases.length, 0)} test cases (${Date.now() - started} ms)`);

  const bugs: StoredBug[] = [];
  const unitTests: StoredWorld["unitTests"] = [];
  const refactors: StoredWorld["refactors"] = [];
  const seenModules = { train: new Set<string>(), heldout: new Set<string>() };
  for (const repo of repos) {
    const mined = await mineBugs(repo);
    const pairs = await pairBugs(repo, mined);
    for (const { bug, module, security } of mined) {
      const review = await reviewPatch(repo, bug);
      const plain = !repo.modules.find((m) => m.name === module)!.security;
      const composite = repo.split !== "heldout" ? undefined : security ? "security" : plain ? "bug_fix" : undefined;
      bugs.push({
        ...storeBug(bug),
        review: { patch: review.patch.map(storeEdit), kind: review.patchKind, correct: review.patchCorrect },
        ...(composite ? { composite } : {}),
      });
    }
    for (const bug of pairs) bugs.push(storeBug(bug));
    for (const t of await unitTestTasks(repo, seenModules[repo.split])) unitTests.push({ repo: t.repo, module: t.module, fn: t.fn, mutants: t.mutants.map((m) => m.map(storeEdit)) });
    if (repo.split === "heldout") refactors.push(...refactorTasks(repo).map((t) => ({ repo: t.repo, from: t.from, to: t.to })));
    console.log(`${repo.id}: ${mined.length} bugs, ${pairs.length} pairs (${Date.now() - started} ms)`);
  }

  const stored: StoredWorld = { version: 1, generatedWith: { seed: SEED, bugsPerModule: BUGS_PER_MODULE }, modules: [...modules.values()], repos: storedRepos, bugs, unitTests, refactors };
  fs.mkdirSync(path.dirname(WORLD_FILE), { recursive: true });
  const list = (xs: unknown[]) => `[\n${xs.map((x) => JSON.stringify(x)).join(",\n")}\n]`;
  fs.writeFileSync(
    WORLD_FILE,
    `{"version":1,"generatedWith":${JSON.stringify(stored.generatedWith)},\n` +
      (["modules", "repos", "bugs", "unitTests", "refactors"] as const).map((k) => `"${k}":${list(stored[k])}`).join(",\n") +
      "}\n",
  );
  const world = worldFromStored(stored);
  const count = (kind: string, split: string) => world.tasks.filter((t) => t.kind === kind && t.split === split).length;
  for (const kind of [...ATOMIC_SKILLS, ...BENCHMARKS]) {
    console.log(`${kind.padEnd(13)} train ${String(count(kind, "train")).padStart(4)}  heldout ${String(count(kind, "heldout")).padStart(4)}`);
  }
  console.log(`wrote ${WORLD_FILE} (${(fs.statSync(WORLD_FILE).size / 1024).toFixed(0)} KB) in ${((Date.now() - started) / 1000).toFixed(1)} s; sandbox ${JSON.stringify(sandbox.stats)}`);
  await sandbox.close();
}

function storeBug(bug: Bug): StoredBug {
  return {
    id: bug.id,
    repo: bug.repo,
    mutations: bug.mutations.map(storeEdit),
    hidden: bug.hiddenCases,
    text: bug.issue.text,
    calls: bug.issue.calls.map(({ gap: _gap, ...c }) => c),
  };
}

await main();
