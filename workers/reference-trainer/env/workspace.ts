/**
 * One episode's copy of a repository and what the agent has learned about it:
 * the files it knows exist, the lines it has seen (read or found by search),
 * its edits (an undo stack), and the last outcome of its tests and script.
 * The tools of ARCHITECTURE.md act on it and answer with an observation.
 */
import { functionRanges, type LineEdit } from "../world/mutations";
import type { Repo } from "../world/types";
import type { Sandbox, SuiteResult } from "../sandbox/sandbox";

export const SCRIPT_PATH = "repro.js";

export type ScriptStatus = "none" | "unchecked" | "pass" | "assert" | "crash";
export type TestStatus = "unchecked" | "pass" | "fail";

export interface AppliedEdit extends LineEdit {
  /** Identifies the edit (file, line, new text) for "already tried" features. */
  key: string;
  /** Whole-file replacement (renames): the file's text before. */
  previousText?: string;
}

/** The repository paths a file `require`s (relative requires only, `.js` added). */
export function requiredPaths(from: string, text: string): string[] {
  const dir = from.split("/").slice(0, -1);
  const out: string[] = [];
  for (const m of text.matchAll(/require\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g)) {
    const parts = [...dir];
    for (const seg of m[1].split("/")) {
      if (seg === "..") parts.pop();
      else if (seg !== ".") parts.push(seg);
    }
    const p = parts.join("/");
    out.push(p.endsWith(".js") ? p : `${p}.js`);
  }
  return out;
}

export class Workspace {
  files: Record<string, string>;
  /** Paths the agent knows exist. */
  readonly known = new Set<string>();
  readonly read = new Set<string>();
  /** Files search found the prompt's words in. */
  readonly hits = new Set<string>();
  /** path → the files the agent read that `require` it (a read file's requires become known paths). */
  readonly requiredBy = new Map<string, Set<string>>();
  readonly searched = new Set<string>();
  listed = false;
  readonly edits: AppliedEdit[] = [];
  /** Edits that were applied and undone. */
  readonly tried = new Set<string>();
  /** Bumped on every change of the files. */
  version = 0;
  tests?: { version: number; result: SuiteResult };
  scriptSpecKey?: string;
  scriptRun?: { version: number; scriptKey: string; status: ScriptStatus; message: string };

  constructor(
    readonly repo: Repo,
    files: Record<string, string>,
    readonly sandbox: Sandbox,
    /** Test files `run_tests` runs. */
    public testFiles: string[],
  ) {
    this.files = { ...files };
  }

  isSource = (path: string) => path.startsWith("src/");

  /** The text of a file as far as the agent has seen it (read files only). */
  knownText(path: string): string {
    return this.read.has(path) ? (this.files[path] ?? "") : "";
  }

  definesSymbol(path: string, symbols: readonly string[]): boolean {
    const t = this.knownText(path);
    return symbols.some((s) => new RegExp(`\\bfunction\\s+${s}\\s*\\(`).test(t));
  }

  mentionsSymbol(path: string, symbols: readonly string[]): boolean {
    const t = this.knownText(path);
    return symbols.some((s) => new RegExp(`\\b${s}\\b`).test(t));
  }

  /** Line ranges of the named functions in the current text of a file. */
  functionLines(path: string, symbols: readonly string[]): [number, number][] {
    const ranges = functionRanges(this.files[path] ?? "");
    return symbols.flatMap((s) => (ranges.has(s) ? [ranges.get(s)!] : []));
  }

  // Tools

  listFiles(): string {
    this.listed = true;
    const paths = Object.keys(this.files).sort();
    for (const p of paths) this.known.add(p);
    return paths.join("\n");
  }

  readFile(path: string): string {
    this.known.add(path);
    this.read.add(path);
    for (const dep of requiredPaths(path, this.files[path] ?? "")) {
      if (!(dep in this.files)) continue;
      this.known.add(dep);
      if (!this.requiredBy.has(dep)) this.requiredBy.set(dep, new Set());
      this.requiredBy.get(dep)!.add(path);
    }
    const lines = (this.files[path] ?? "").split("\n");
    return lines.map((l, i) => `${String(i + 1).padStart(3)}  ${l}`).join("\n");
  }

  /** Like `grep -c`: which files mention the word, and how often (the lines are seen by reading). */
  search(query: string): string {
    this.searched.add(query);
    const re = new RegExp(`\\b${query.replace(/[^A-Za-z0-9_$]/g, "")}\\b`, "g");
    const hits: string[] = [];
    for (const path of Object.keys(this.files).sort()) {
      const n = (this.files[path].match(re) ?? []).length;
      if (!n) continue;
      this.known.add(path);
      this.hits.add(path);
      hits.push(`${path}: ${n} match${n === 1 ? "" : "es"}`);
    }
    return hits.length ? hits.join("\n") : `no matches for '${query}'`;
  }

  /** Source files whose test file failed in the last test run. */
  failingModules(): Set<string> {
    const out = new Set<string>();
    for (const t of this.tests?.result.tests ?? []) if (!t.ok) out.add(t.file.replace(/^test\/(.*)\.test\.js$/, "src/$1.js"));
    return out;
  }

  applyEdit(edit: LineEdit): string {
    const lines = this.files[edit.file].split("\n");
    if (lines[edit.line - 1] !== edit.before) throw new Error(`stale edit of ${edit.file}:${edit.line}`);
    lines[edit.line - 1] = edit.after;
    this.files[edit.file] = lines.join("\n");
    this.edits.push({ ...edit, key: `${edit.file}:${edit.line}:${edit.after}` });
    this.version++;
    return `Edited ${edit.file} line ${edit.line}:\n- ${edit.before.trim()}\n+ ${edit.after.trim()}`;
  }

  /** Replaces a whole file (a rename across it). */
  replaceFile(path: string, text: string, key: string): string {
    const previousText = this.files[path];
    this.files[path] = text;
    this.edits.push({ file: path, line: 0, before: "", after: "", key, previousText });
    this.version++;
    const changed = previousText.split("\n").filter((l, i) => l !== text.split("\n")[i]).length;
    return `Edited ${path}: ${changed} line(s) changed`;
  }

  undoEdit(): string {
    const e = this.edits.pop();
    if (!e) return "nothing to undo";
    if (e.previousText !== undefined) this.files[e.file] = e.previousText;
    else {
      const lines = this.files[e.file].split("\n");
      lines[e.line - 1] = e.before;
      this.files[e.file] = lines.join("\n");
    }
    this.tried.add(e.key);
    this.version++;
    return e.previousText !== undefined ? `Reverted the edit of ${e.file}` : `Reverted ${e.file} line ${e.line}`;
  }

  async runTests(): Promise<string> {
    const result = await this.sandbox.suite(this.files, this.testFiles);
    this.tests = { version: this.version, result };
    const failed = result.tests.filter((t) => !t.ok);
    const head = `${result.tests.length - failed.length} passed, ${failed.length} failed`;
    return [head, ...failed.slice(0, 5).map((t) => `FAIL ${t.file} > ${t.name}: ${t.error?.name}: ${t.error?.message}`)].join("\n");
  }

  writeScript(source: string, specKey: string): string {
    this.files[SCRIPT_PATH] = source;
    this.known.add(SCRIPT_PATH);
    this.scriptSpecKey = specKey;
    return `Wrote ${SCRIPT_PATH}:\n${source}`;
  }

  async runScript(): Promise<string> {
    const r = await this.sandbox.script(this.files, SCRIPT_PATH);
    const status: ScriptStatus = r.ok ? "pass" : r.error?.name === "AssertionError" ? "assert" : "crash";
    const message = r.ok ? r.output : `${r.error?.name}: ${r.error?.message}`;
    this.scriptRun = { version: this.version, scriptKey: this.scriptSpecKey ?? "", status, message };
    return `${r.ok ? "exit 0" : "exit 1"}\n${[r.output, r.ok ? "" : message].filter(Boolean).join("\n")}`.trim();
  }

  // What the agent knows about its checks

  testStatus(): TestStatus {
    if (!this.tests || this.tests.version !== this.version) return "unchecked";
    return this.tests.result.tests.every((t) => t.ok) ? "pass" : "fail";
  }

  scriptStatus(): ScriptStatus {
    if (this.scriptSpecKey === undefined) return "none";
    const r = this.scriptRun;
    if (!r || r.version !== this.version || r.scriptKey !== this.scriptSpecKey) return "unchecked";
    return r.status;
  }
}
