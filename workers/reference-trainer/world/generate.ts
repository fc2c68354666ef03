/**
 * Generates the bundled task world (`world/data/world.json`) from the module
 * library, by executing code: expected outcomes come from running the correct
 * modules, bugs are mutants that make real tests fail, issue texts quote the
 * buggy behaviour (of the buggy module or of a caller of it), review truths
 * and unit-test mutants are established by running the tests. Run once and
 * commit the output (re-running reproduces it byte for byte):
 *
 *   node --import tsx workers/reference-trainer/world/generate.ts
 */
import fs from "node:fs";
import path from "node:path";
import { hashOrder } from "../rng";
import { Sandbox } from "../sandbox/sandbox";
import { HARNESS_PATH, HARNESS_SOURCE, srcFileOf } from "./harness";
import { HELDOUT_CALLERS } from "./library/heldout-callers";
import { HELDOUT_MODULES } from "./library/heldout-modules";
import { exportsOf, type ModuleDef } from "./library/module-def";
import { HELDOUT_REPOS, TRAIN_REPOS } from "./library/repos";
import { TRAIN_CALLERS } from "./library/train-callers";
import { TRAIN_MODULES } from "./library/train-modules";
import { hasIdentifier } from "./mutations";
import { broken, mineBugs, pairBugs, reviewPatch, type Mined, type MineOptions } from "./mine-bugs";
import { testPaths, workspaceFiles } from "./repo-files";
import { WORLD_FILE, worldFromStored } from "./load";
import { repoFromStored, storeEdit, type StoredBug, type StoredModule, type StoredWorld } from "./stored";
import { ATOMIC_SKILLS, BENCHMARKS, type Bug, type Repo, type Split } from "./types";
import { unitTestTarget } from "./unit-test-targets";

const SEED = 7;
const OWN_BUGS_PER_MODULE = 2;
const CALLER_BUGS_PER_MODULE = 3;
const PAIRS_PER_REPO = 2;
const MUTANTS_PER_TARGET = 6;

const sandbox = new Sandbox({ threads: 2 });
const TRAIN_DEFS = [...TRAIN_MODULES, ...TRAIN_CALLERS];
const HELDOUT_DEFS = [...HELDOUT_MODULES, ...HELDOUT_CALLERS];
const defs = new Map<string, ModuleDef>([...TRAIN_DEFS, ...HELDOUT_DEFS].map((m) => [m.name, m]));
const mine: MineOptions = { sandbox, seed: SEED, ownPerModule: OWN_BUGS_PER_MODULE, callerPerModule: CALLER_BUGS_PER_MODULE, pairsPerRepo: PAIRS_PER_REPO };

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

/** Renames of exported functions whose new name is free in the repository: `fn` → `computeFn`. */
function renames(repo: Repo): { repo: string; from: string; to: string }[] {
  const out: { repo: string; from: string; to: string }[] = [];
  for (const m of repo.modules) {
    for (const fn of m.exports) {
      const to = `compute${fn[0].toUpperCase()}${fn.slice(1)}`;
      if (Object.values(workspaceFiles(repo)).some((src) => hasIdentifier(src, to))) continue;
      out.push({ repo: repo.id, from: fn, to });
    }
  }
  return out;
}

/**
 * Composite roles: a bug in a plain module is a bug_fix task, a bug that lets
 * hostile input through a security module's guard a security task. At least
 * half of each kind have their symptom in a caller: every such bug is taken,
 * and as many own-symptom bugs (in a fixed hash order) at most.
 */
function compositeRoles(mined: Mined[], repos: Map<string, Repo>): Map<string, "bug_fix" | "security"> {
  const roles = new Map<string, "bug_fix" | "security">();
  for (const kind of ["bug_fix", "security"] as const) {
    const fits = mined.filter((x) => {
      const guard = !!repos.get(x.bug.repo)!.modules.find((m) => m.name === x.module)!.security;
      return kind === "security" ? !!x.security : !guard;
    });
    const caller = fits.filter((x) => x.symptom === "caller");
    const own = hashOrder(fits.filter((x) => x.symptom === "own"), (x) => x.bug.id, `${SEED}:${kind}`).slice(0, caller.length);
    for (const x of [...caller, ...own]) roles.set(x.bug.id, kind);
  }
  return roles;
}

async function main() {
  const started = Date.now();
  checkLibrary();
  const modules = new Map<string, StoredModule>();
  for (const d of TRAIN_DEFS) modules.set(d.name, await buildModule(d, "train"));
  for (const d of HELDOUT_DEFS) modules.set(d.name, await buildModule(d, "heldout"));
  const storedRepos = [
    ...Object.entries(TRAIN_REPOS).map(([id, mods]) => ({ id, split: "train" as const, modules: mods })),
    ...Object.entries(HELDOUT_REPOS).map(([id, mods]) => ({ id, split: "heldout" as const, modules: mods })),
  ];
  const repos = new Map<string, Repo>();
  for (const r of storedRepos) repos.set(r.id, await buildRepo(r.id, r.split, r.modules, modules));
  console.log(`${repos.size} repositories, ${modules.size} modules, ${[...modules.values()].reduce((n, m) => n + m.cases.length, 0)} test cases (${Date.now() - started} ms)`);

  const mined: Mined[] = [];
  const pairs: Bug[] = [];
  for (const repo of repos.values()) {
    const found = await mineBugs(repo, mine);
    const paired = await pairBugs(repo, found, mine);
    mined.push(...found);
    pairs.push(...paired);
    console.log(`${repo.id}: ${found.length} bugs (${found.filter((x) => x.symptom === "caller").length} with the symptom in a caller), ${paired.length} pairs (${Date.now() - started} ms)`);
  }
  const split = (x: { bug: Bug }) => repos.get(x.bug.repo)!.split;
  const roles = new Map([...compositeRoles(mined.filter((x) => split(x) === "train"), repos), ...compositeRoles(mined.filter((x) => split(x) === "heldout"), repos)]);

  const bugs: StoredBug[] = [];
  for (const { bug } of mined) {
    const review = await reviewPatch(repos.get(bug.repo)!, bug, mine);
    const composite = roles.get(bug.id);
    bugs.push({ ...storeBug(bug), review: { patch: review.patch.map(storeEdit), kind: review.patchKind, correct: review.patchCorrect }, ...(composite ? { composite } : {}) });
  }
  for (const bug of pairs) bugs.push(storeBug(bug));

  // One unit-test task per distinct bug (the same module in two repositories gives the same bug once).
  const unitTests: StoredWorld["unitTests"] = [];
  const seenBugs = new Set<string>();
  for (const { bug, module } of mined) {
    const [m] = bug.mutations;
    const key = `${split({ bug })}:${module}:${m.line}:${m.after}`;
    if (seenBugs.has(key)) continue;
    seenBugs.add(key);
    const t = await unitTestTarget(sandbox, repos.get(bug.repo)!, bug, { seed: SEED, maxMutants: MUTANTS_PER_TARGET, minMutants: 2, minCases: 3 });
    if (t) unitTests.push({ repo: t.repo, module: t.module, fn: t.fn, bug: t.bug, mutants: t.mutants.map((x) => x.map(storeEdit)) });
  }

  // Per repository one rename is an (atomic) editing task with its files named; the held-out ones left are refactoring tasks.
  const editRenames: StoredWorld["renames"] = [];
  const refactors: StoredWorld["refactors"] = [];
  for (const repo of repos.values()) {
    const [pick, ...rest] = hashOrder(renames(repo), (r) => r.from, `${SEED}:rename:${repo.id}`);
    if (pick) editRenames.push(pick);
    if (repo.split === "heldout") refactors.push(...rest.sort((a, b) => a.from.localeCompare(b.from)));
  }

  const stored: StoredWorld = {
    version: 2,
    generatedWith: { seed: SEED, ownBugsPerModule: OWN_BUGS_PER_MODULE, callerBugsPerModule: CALLER_BUGS_PER_MODULE },
    modules: [...modules.values()],
    repos: storedRepos,
    bugs,
    unitTests,
    renames: editRenames,
    refactors,
  };
  fs.mkdirSync(path.dirname(WORLD_FILE), { recursive: true });
  const list = (xs: unknown[]) => `[\n${xs.map((x) => JSON.stringify(x)).join(",\n")}\n]`;
  fs.writeFileSync(
    WORLD_FILE,
    `{"version":${stored.version},"generatedWith":${JSON.stringify(stored.generatedWith)},\n` +
      (["modules", "repos", "bugs", "unitTests", "renames", "refactors"] as const).map((k) => `"${k}":${list(stored[k])}`).join(",\n") +
      "}\n",
  );
  const world = worldFromStored(stored);
  const count = (kind: string, sp: string, where: (t: (typeof world.tasks)[number]) => boolean = () => true) => world.tasks.filter((t) => t.kind === kind && t.split === sp && where(t)).length;
  const caller = (t: (typeof world.tasks)[number]) => "symptom" in t && t.symptom === "caller";
  for (const kind of [...ATOMIC_SKILLS, ...BENCHMARKS]) {
    console.log(`${kind.padEnd(13)} train ${String(count(kind, "train")).padStart(4)} (${count(kind, "train", caller)} caller)  heldout ${String(count(kind, "heldout")).padStart(4)} (${count(kind, "heldout", caller)} caller)`);
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
