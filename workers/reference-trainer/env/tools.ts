/**
 * Candidate tool calls shared by the environments, with their features:
 * list_files, read_file, search, edit, undo_edit, run_tests, write_script,
 * run_script. The features name what the agent can see about each option.
 */
import { checkStatement, srcFileOf } from "../world/harness";
import { EDIT_OPS, hasIdentifier, mutationSites, renameIdentifier, siteLineEdit } from "../world/mutations";
import type { Outcome } from "../world/types";
import type { Candidate, Episode } from "./episode";

const flag = (cond: unknown, name: string) => (cond ? [name] : []);
const hasWord = (text: string, symbols: readonly string[]) => symbols.some((s) => new RegExp(`\\b${s}\\b`).test(text));

/** Whether a file the agent read that defines one of the prompt's functions `require`s this file (the symptom may come from there). */
export function isDepOfPromptFile(ep: Episode, path: string): boolean {
  return [...(ep.ws.requiredBy.get(path) ?? [])].some((p) => ep.ws.definesSymbol(p, ep.symbols));
}

/** What the agent knows about a file, as feature suffixes. */
export function fileFlags(ep: Episode, path: string, location?: { file: string }): string[] {
  const ws = ep.ws;
  return [
    path.startsWith("test/") ? "test" : "src",
    ...flag(path === "test/harness.js", "harness"),
    ...flag(ws.read.has(path), "read"),
    ...flag(ws.hits.has(path), "hit"),
    ...flag(ws.failingModules().has(path), "failing"),
    ...flag(ws.definesSymbol(path, ep.symbols), "defines"),
    ...flag(!ws.definesSymbol(path, ep.symbols) && ws.mentionsSymbol(path, ep.symbols), "mentions"),
    ...flag(isDepOfPromptFile(ep, path), "dep"),
    ...flag(location?.file === path, "location"),
    ...flag(ws.edits.some((e) => e.file === path), "edited"),
  ];
}

export function listCandidate(ep: Episode): Candidate {
  return { tool: "list_files", args: {}, features: ["list", ep.ws.listed ? "list:again" : "list:first"], run: () => ep.ws.listFiles() };
}

export function readCandidates(ep: Episode, location?: { file: string }): Candidate[] {
  return [...ep.ws.known]
    .filter((p) => p in ep.ws.files)
    .sort()
    .map((path) => ({
      tool: "read_file",
      args: { path },
      features: ["read", ...fileFlags(ep, path, location).map((f) => `read:${f}`)],
      run: () => ep.ws.readFile(path),
    }));
}

export function searchCandidates(ep: Episode): Candidate[] {
  return ep.symbols.map((query) => ({
    tool: "search",
    args: { query },
    features: ["search", ...flag(ep.ws.searched.has(query), "search:again")],
    run: () => ep.ws.search(query),
  }));
}

/**
 * Edits by the mutation operators, anywhere in the source files the agent has
 * read, and in the lines the prompt shows.
 */
export function editCandidates(ep: Episode, shown?: { file: string; from: number; to: number }): Candidate[] {
  const ws = ep.ws;
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const gaps = ep.issue?.calls.map((c) => c.gap) ?? [];
  const files = [...ws.read].filter((p) => ws.isSource(p) && p in ws.files);
  if (shown && !files.includes(shown.file)) files.push(shown.file);
  for (const file of files.sort()) {
    const text = ws.files[file];
    const onlyShown = !ws.read.has(file);
    const fnLines = ws.functionLines(file, ep.symbols);
    const defines = ws.definesSymbol(file, ep.symbols);
    const fileFeatures = [...flag(defines, "edit:file_defines"), ...flag(isDepOfPromptFile(ep, file), "edit:file_dep"), ...flag(ws.failingModules().has(file), "edit:file_failing")];
    for (const site of mutationSites(text)) {
      if (!EDIT_OPS.includes(site.kind)) continue;
      if (onlyShown && !(site.line >= shown!.from && site.line <= shown!.to)) continue;
      const edit = siteLineEdit(file, text, site);
      const key = `${file}:${edit.line}:${edit.after}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        tool: "edit",
        args: { path: file, line: edit.line, old: edit.before.trim(), new: edit.after.trim() },
        features: [
          "edit",
          `edit:op:${site.kind}`,
          ...flag(fnLines.some(([a, b]) => site.line >= a && site.line <= b), "edit:in_fn"),
          ...flag(hasWord(edit.before, ep.symbols), "edit:line_mentions"),
          ...fileFeatures,
          ...flag(ws.tried.has(key), "edit:tried"),
          ...flag(ws.edits.length > 0, "edit:stacked"),
          ...gaps.map((g) => `edit:gap:${g}:${site.kind}`),
        ],
        run: () => ws.applyEdit(edit),
      });
    }
  }
  return out;
}

/**
 * Renaming an identifier across a file the agent knows uses it: a search hit,
 * a file it read, or a file the prompt names (`named`).
 */
export function renameCandidates(ep: Episode, from: string, to: string, named: readonly string[] = []): Candidate[] {
  const ws = ep.ws;
  return [...new Set([...ws.known, ...named])]
    .filter((p) => p in ws.files && p !== "test/harness.js" && (ws.hits.has(p) || ws.read.has(p) || named.includes(p)) && hasIdentifier(ws.files[p], from))
    .sort()
    .map((path) => ({
      tool: "edit",
      args: { path, rename: { from, to } },
      features: [
        "edit",
        "edit:op:rename",
        path.startsWith("test/") ? "edit:test" : "edit:src",
        ...flag(ws.definesSymbol(path, [from]), "edit:file_defines"),
        ...flag(ws.edits.length > 0, "edit:stacked"),
      ],
      run: () => ws.replaceFile(path, renameIdentifier(ws.files[path], from, to), `${path}:rename:${to}`),
    }));
}

export function undoCandidates(ep: Episode): Candidate[] {
  const ws = ep.ws;
  if (!ws.edits.length) return [];
  return [{ tool: "undo_edit", args: {}, features: ["undo", `undo:tests_${ws.testStatus()}`, `undo:script_${ws.scriptStatus()}`], run: () => ws.undoEdit() }];
}

export function testCandidate(ep: Episode): Candidate {
  const ws = ep.ws;
  return {
    tool: "run_tests",
    args: {},
    features: ["tests", ws.testStatus() === "unchecked" ? "tests:new" : "tests:again", ws.edits.length ? "tests:edited" : "tests:unedited"],
    run: () => ws.runTests(),
  };
}

export type ScriptExpect = "issue_expected" | "issue_got" | "print" | "test_expected";

export interface ScriptSpec {
  fn: string;
  module: string;
  call: string;
  expect: ScriptExpect;
  outcome?: Outcome;
  fromIssue: boolean;
}

export const scriptKey = (s: ScriptSpec) => `${s.call}|${s.expect}`;

export function renderScript(s: ScriptSpec): string {
  const check = s.outcome ? `${checkStatement(s.call, s.outcome)};` : `console.log(show(${s.call}));`;
  return [
    "const { eq, throws, show } = require('./test/harness');",
    `const { ${s.fn} } = require('./${srcFileOf(s.module)}');`,
    "",
    check,
    "console.log('done');",
    "",
  ].join("\n");
}

/** Reproduction scripts: the issue's call checked against what the issue expects (or what it got, or nothing), or a visible test's call. */
export function scriptSpecs(ep: Episode, visibleCaseIds?: ReadonlySet<number>): ScriptSpec[] {
  const specs: ScriptSpec[] = [];
  for (const c of ep.issue?.calls ?? []) {
    specs.push({ fn: c.fn, module: c.module, call: c.call, expect: "issue_expected", outcome: c.expected, fromIssue: true });
    specs.push({ fn: c.fn, module: c.module, call: c.call, expect: "issue_got", outcome: c.got, fromIssue: true });
    specs.push({ fn: c.fn, module: c.module, call: c.call, expect: "print", fromIssue: true });
  }
  // Calls of other functions the agent has read the tests of.
  const repo = ep.ws.repo;
  const issueFns = new Set(ep.issue?.calls.map((c) => c.fn));
  const others = repo.cases.filter((c) => !issueFns.has(c.fn) && ep.ws.read.has(`test/${c.module}.test.js`) && (!visibleCaseIds || visibleCaseIds.has(c.id)));
  const byFn = new Map<string, (typeof others)[number]>();
  for (const c of others) if (!byFn.has(c.fn)) byFn.set(c.fn, c);
  for (const c of [...byFn.values()].slice(0, 2)) specs.push({ fn: c.fn, module: c.module, call: c.call, expect: "test_expected", outcome: c.expect, fromIssue: false });
  return specs;
}

export function scriptCandidates(ep: Episode, visibleCaseIds?: ReadonlySet<number>): Candidate[] {
  const ws = ep.ws;
  return scriptSpecs(ep, visibleCaseIds).map((spec) => ({
    tool: "write_script",
    args: { path: "repro.js", call: spec.call, expect: spec.expect },
    features: [
      "script",
      spec.fromIssue ? "script:fn_issue" : "script:fn_other",
      `script:expect:${spec.expect}`,
      ws.scriptSpecKey === undefined ? "script:first" : "script:rewrite",
      ...flag(ws.scriptSpecKey === scriptKey(spec), "script:same"),
    ],
    run: () => ws.writeScript(renderScript(spec), scriptKey(spec)),
  }));
}

export function runScriptCandidates(ep: Episode): Candidate[] {
  const ws = ep.ws;
  if (ws.scriptSpecKey === undefined) return [];
  return [
    {
      tool: "run_script",
      args: { path: "repro.js" },
      features: ["run_script", ws.scriptStatus() === "unchecked" ? "run_script:new" : "run_script:again", ws.edits.length ? "run_script:edited" : "run_script:unedited"],
      run: () => ws.runScript(),
    },
  ];
}

/** Whether the current script checks the issue's call against the issue's expectation. */
export function scriptTargetsIssue(ep: Episode): boolean {
  const key = ep.ws.scriptSpecKey;
  return !!key && !!ep.issue?.calls.some((c) => key === `${c.call}|issue_expected`);
}
