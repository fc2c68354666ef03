/** The committed world is sound: every bug is real (its issue case fails), every fix works, and the splits do not share code. */
import { afterAll, describe, expect, it } from "vitest";
import { Sandbox } from "../sandbox/sandbox";
import { runFullSuite } from "../env/verify";
import { loadWorld, WorldIndex } from "./load";
import { applyLineEdits, applySite, invertEdit, mutationSites, renameIdentifier } from "./mutations";
import { testPaths, workspaceFiles } from "./repo-files";
import { ATOMIC_SKILLS, BENCHMARKS } from "./types";

const world = new WorldIndex(loadWorld());
const sandbox = new Sandbox();
afterAll(() => sandbox.close());

describe("mutation operators", () => {
  const src = "function f(xs, n) {\n  if (xs.length < n && n >= 0) return Math.min(n, 2);\n  return g(xs, n - 1) * 3;\n}\n";
  const mutants = mutationSites(src).map((s) => ({ kind: s.kind, line: applySite(src, s).split("\n")[s.line - 1].trim() }));

  it("finds off-by-one, flipped comparison, wrong operator, swapped arguments, negation and dropped branch sites", () => {
    expect(mutants).toEqual(
      expect.arrayContaining([
        { kind: "cmp_boundary", line: "if (xs.length <= n && n >= 0) return Math.min(n, 2);" },
        { kind: "cmp_flip", line: "if (xs.length > n && n >= 0) return Math.min(n, 2);" },
        { kind: "logic", line: "if (xs.length < n || n >= 0) return Math.min(n, 2);" },
        { kind: "const", line: "if (xs.length < n && n >= 1) return Math.min(n, 2);" },
        { kind: "minmax", line: "if (xs.length < n && n >= 0) return Math.max(n, 2);" },
        { kind: "swap_args", line: "if (xs.length < n && n >= 0) return Math.min(2, n);" },
        { kind: "negate", line: "if (!(xs.length < n && n >= 0)) return Math.min(n, 2);" },
        { kind: "drop_branch", line: "if (false) return Math.min(n, 2);" },
        { kind: "arith", line: "return g(xs, n - 1) / 3;" },
        { kind: "arith", line: "return g(xs, n + 1) * 3;" },
        { kind: "swap_args", line: "return g(n - 1, xs) * 3;" },
      ]),
    );
    // No site in the declaration's parameters, and unary minus is not an operator site.
    expect(mutants.filter((m) => m.line.startsWith("function"))).toEqual([]);
  });

  it("offers the inverse of every injected bug as an edit", () => {
    for (const bug of world.world.bugs) {
      for (const m of bug.mutations) {
        const buggy = applyLineEdits(world.repo(bug.repo).files, bug.mutations)[m.file];
        const lines = mutationSites(buggy).map((s) => applySite(buggy, s).split("\n")[m.line - 1]);
        expect(lines, bug.id).toContain(m.before);
      }
    }
  });

  it("renames identifiers, not strings", () => {
    expect(renameIdentifier("const { a } = require('./a');\ntest('a', () => a(1));", "a", "b")).toBe("const { b } = require('./a');\ntest('a', () => b(1));");
  });
});

describe("the bundled world", () => {
  it("has at least 30 repositories of 2-4 source modules, held-out ones sharing no module with training ones", () => {
    const { repos } = world.world;
    expect(repos.length).toBeGreaterThanOrEqual(30);
    for (const r of repos) expect(r.modules.length).toBeGreaterThanOrEqual(2);
    const trainModules = new Set(repos.filter((r) => r.split === "train").flatMap((r) => r.modules.map((m) => m.name)));
    for (const r of repos.filter((x) => x.split === "heldout")) for (const m of r.modules) expect(trainModules.has(m.name)).toBe(false);
  });

  it("has training tasks for every skill, at least 40 held-out tasks for every skill and benchmark (Avg@3 in steps of 1/120), and composites held out except bug_fix", () => {
    for (const s of ATOMIC_SKILLS) {
      expect(world.tasks(s, "train").length, s).toBeGreaterThanOrEqual(20);
      expect(world.tasks(s, "heldout").length, s).toBeGreaterThanOrEqual(40);
    }
    for (const b of BENCHMARKS) expect(world.tasks(b, "heldout").length, b).toBeGreaterThanOrEqual(40);
    // bug_fix tasks of the training repositories exist for the composite-only baseline; the others only held out.
    expect(world.tasks("bug_fix", "train").length).toBeGreaterThan(0);
    expect(world.tasks("security", "train")).toEqual([]);
    expect(world.tasks("refactoring", "train")).toEqual([]);
  });

  it("ties each unit-test task to a bug in its function, and trains editing on renames at given locations", () => {
    for (const t of [...world.tasks("unit_test", "train"), ...world.tasks("unit_test", "heldout")]) {
      if (t.kind !== "unit_test") continue;
      expect(t.bugMutant).toEqual(world.bug(t.bug).mutations);
      expect(t.mutants.length, t.id).toBeGreaterThanOrEqual(2);
    }
    const renames = world.tasks("editing", "train").filter((t) => "rename" in t);
    expect(renames.length).toBeGreaterThanOrEqual(20);
    for (const t of renames) if ("rename" in t) expect(t.rename.files.length, t.id).toBeGreaterThanOrEqual(2);
  });

  it("passes its own tests; each bug fails its issue's hidden case and its fix passes everything", async () => {
    const checks = world.world.bugs.map(async (bug) => {
      const repo = world.repo(bug.repo);
      const buggy = applyLineEdits(repo.files, bug.mutations);
      const before = await runFullSuite(sandbox, repo, buggy);
      const fixed = await runFullSuite(sandbox, repo, applyLineEdits(buggy, [...bug.mutations].reverse().map(invertEdit)));
      // What the agent sees: the visible tests never include the reported case.
      const visible = await sandbox.suite(workspaceFiles(repo, bug.hiddenCases, buggy), testPaths(repo));
      const reported = bug.issue.calls.map((c) => c.call);
      return { id: bug.id, failsBefore: before.failed > 0, passesAfter: fixed.failed === 0, hiddenFromAgent: visible.tests.every((t) => !reported.includes(t.name)) };
    });
    for (const r of await Promise.all(checks)) expect(r, r.id).toEqual({ id: r.id, failsBefore: true, passesAfter: true, hiddenFromAgent: true });
  });
});
