/**
 * Loads the bundled world and builds its tasks: every bug is a localization,
 * editing, reproduction and review task (and a composite one when it has that
 * role); unit-test tasks are functions with a fixed bug; renames are editing
 * tasks (files named) or refactoring tasks (held-out, files not named).
 */
import fs from "node:fs";
import path from "node:path";
import { hash32 } from "../rng";
import { gapClass } from "./issues";
import { srcFileOf } from "./harness";
import { applyLineEdits, functionRanges, hasIdentifier } from "./mutations";
import { workspaceFiles } from "./repo-files";
import { repoFromStored, restoreEdits, type StoredWorld } from "./stored";
import type { Bug, BugTask, Repo, Symptom, Task, TaskKind, World } from "./types";

export const WORLD_FILE = path.join(import.meta.dirname, "data", "world.json");

export function worldFromStored(stored: StoredWorld): World {
  if (stored.version !== 2) throw new Error(`world.json: unknown version ${stored.version}`);
  const modules = new Map(stored.modules.map((m) => [m.name, m]));
  const repos = stored.repos.map((r) => repoFromStored(r, modules));
  const repoById = new Map(repos.map((r) => [r.id, r]));
  const bugs: Bug[] = [];
  const tasks: Task[] = [];
  for (const b of stored.bugs) {
    const repo = repoById.get(b.repo);
    if (!repo) throw new Error(`bug ${b.id}: unknown repository ${b.repo}`);
    const mutations = restoreEdits(repo.files, b.mutations);
    const bug: Bug = {
      id: b.id,
      repo: b.repo,
      mutations,
      hiddenCases: b.hidden,
      issue: { text: b.text, calls: b.calls.map((c) => ({ ...c, gap: gapClass(c.got, c.expected) })) },
    };
    bugs.push(bug);
    const files = [...new Set(mutations.map((m) => m.file))].sort();
    const symptom: Symptom = bug.issue.calls.some((c) => files.includes(srcFileOf(c.module))) ? "own" : "caller";
    const base = { split: repo.split, repo: repo.id, bug: bug.id, symptom };
    const task = (kind: BugTask["kind"], extra: Partial<BugTask> = {}): BugTask => ({ id: `${kind}:${bug.id}`, kind, ...base, ...extra });
    tasks.push(task("localization", { truthFiles: files }));
    if (mutations.length !== 1) continue;
    const [m] = mutations;
    const holder = [...functionRanges(repo.files[m.file])].find(([, [a, b]]) => m.line >= a && m.line <= b);
    // Half of the editing prompts show the code of the location, the others only name it (the agent reads the file).
    const showsCode = hash32(bug.id, "shows-code") % 2 === 0;
    if (holder) tasks.push(task("editing", { location: { file: m.file, fn: holder[0], from: holder[1][0], to: holder[1][1], showsCode } }));
    tasks.push(task("reproduction"));
    if (b.review) {
      const patch = restoreEdits(applyLineEdits(repo.files, mutations), b.review.patch);
      tasks.push({ id: `review:${bug.id}`, kind: "review", ...base, patch, patchKind: b.review.kind, patchCorrect: b.review.correct });
    }
    if (b.composite) tasks.push(task(b.composite));
  }
  const bugById = new Map(bugs.map((b) => [b.id, b]));
  for (const u of stored.unitTests) {
    const repo = repoById.get(u.repo)!;
    const inputs = repo.cases.filter((c) => c.module === u.module && c.fn === u.fn).map((c) => c.call.slice(u.fn.length + 1, -1));
    const mutants = u.mutants.map((edits) => restoreEdits(repo.files, edits));
    const bug = bugById.get(u.bug);
    if (!bug) throw new Error(`unit-test task ${u.repo}:${u.fn}: unknown bug ${u.bug}`);
    tasks.push({ id: `unit_test:${u.bug}`, kind: "unit_test", split: repo.split, repo: u.repo, module: u.module, fn: u.fn, bug: u.bug, bugMutant: bug.mutations, inputs, mutants });
  }
  for (const r of stored.renames) {
    const repo = repoById.get(r.repo)!;
    const files = Object.entries(workspaceFiles(repo)).filter(([p, text]) => p !== "test/harness.js" && hasIdentifier(text, r.from)).map(([p]) => p).sort();
    tasks.push({ id: `editing:rename:${r.repo}:${r.from}`, kind: "editing", split: repo.split, repo: r.repo, rename: { from: r.from, to: r.to, files } });
  }
  for (const r of stored.refactors) tasks.push({ id: `refactoring:${r.repo}:${r.from}`, kind: "refactoring", split: "heldout", repo: r.repo, from: r.from, to: r.to });
  return { generatedWith: stored.generatedWith, repos, bugs, tasks };
}

let cached: World | undefined;

/** The bundled world (parsed once per process). */
export function loadWorld(file = WORLD_FILE): World {
  if (file !== WORLD_FILE) return worldFromStored(JSON.parse(fs.readFileSync(file, "utf8")));
  return (cached ??= worldFromStored(JSON.parse(fs.readFileSync(file, "utf8"))));
}

/** Lookups over a world. */
export class WorldIndex {
  readonly repos: Map<string, Repo>;
  readonly bugs: Map<string, Bug>;
  private readonly byKind = new Map<string, Task[]>();

  constructor(readonly world: World) {
    this.repos = new Map(world.repos.map((r) => [r.id, r]));
    this.bugs = new Map(world.bugs.map((b) => [b.id, b]));
    for (const t of world.tasks) {
      const key = `${t.kind}/${t.split}`;
      this.byKind.set(key, [...(this.byKind.get(key) ?? []), t]);
    }
  }

  tasks(kind: TaskKind, split: "train" | "heldout"): Task[] {
    return this.byKind.get(`${kind}/${split}`) ?? [];
  }

  repo(id: string): Repo {
    const r = this.repos.get(id);
    if (!r) throw new Error(`unknown repository ${id}`);
    return r;
  }

  bug(id: string): Bug {
    const b = this.bugs.get(id);
    if (!b) throw new Error(`unknown bug ${id}`);
    return b;
  }
}
