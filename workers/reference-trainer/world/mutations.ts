/**
 * Mutation operators over the bundled JavaScript: the generator injects bugs
 * with them, the unit-test verifier builds semantic mutants with them, and the
 * agent's `edit` tool offers the same operators as its edit actions. Every
 * operator except `drop_branch` is its own inverse family, so the fix of an
 * injected bug is always one edit away.
 */
import { KEYWORDS, matchingClose, nextCode, prevCode, tokenize, type Token } from "./js-tokens";

export type OpKind =
  | "cmp_boundary" // <  ↔ <=,  > ↔ >=      (off-by-one at a bound)
  | "cmp_flip" //     <  ↔ >,   <= ↔ >=     (flipped comparison)
  | "eq_flip" //      === ↔ !==
  | "arith" //        + ↔ -,  * ↔ /         (wrong operator)
  | "logic" //        && ↔ ||
  | "const" //        n → n ± 1             (off-by-one constant)
  | "swap_args" //    f(a, b) → f(b, a)
  | "negate" //       if (c) → if (!c)
  | "bool" //         true ↔ false
  | "minmax" //       Math.min ↔ Math.max
  | "drop_branch"; // if (c) → if (false)   (mutants only: not invertible)

/** The operators of the agent's edit tool and of injected bugs. */
export const EDIT_OPS: readonly OpKind[] = ["cmp_boundary", "cmp_flip", "eq_flip", "arith", "logic", "const", "swap_args", "negate", "bool", "minmax"];
export const ALL_OPS: readonly OpKind[] = [...EDIT_OPS, "drop_branch"];

/** One mutation: replace source[start, end) with `text`. */
export interface Site {
  kind: OpKind;
  line: number;
  start: number;
  end: number;
  text: string;
}

/** A whole-line replacement: how bugs, fixes and patches are stored. */
export interface LineEdit {
  file: string;
  line: number;
  before: string;
  after: string;
}

const BOUNDARY: Record<string, string> = { "<": "<=", "<=": "<", ">": ">=", ">=": ">" };
const FLIP: Record<string, string> = { "<": ">", ">": "<", "<=": ">=", ">=": "<=" };
const EQ: Record<string, string> = { "===": "!==", "!==": "===", "==": "!=", "!=": "==" };
const ARITH: Record<string, string> = { "+": "-", "-": "+", "*": "/", "/": "*" };
const LOGIC: Record<string, string> = { "&&": "||", "||": "&&" };

function isOperandEnd(t: Token | undefined): boolean {
  if (!t) return false;
  if (t.kind === "num" || t.kind === "str") return true;
  if (t.kind === "ident") return !KEYWORDS.has(t.text) || t.text === "this";
  return t.text === ")" || t.text === "]";
}

/** Splits the code tokens strictly inside (open, close) at depth-0 commas: [firstTokenIndex, lastTokenIndex] per argument. */
function splitArgs(tokens: readonly Token[], open: number, close: number): [number, number][] {
  const args: [number, number][] = [];
  let depth = 0;
  let first = -1;
  let last = -1;
  for (let i = open + 1; i < close; i++) {
    const t = tokens[i];
    if (t.kind === "ws" || t.kind === "comment") continue;
    if (t.kind === "punct" && (t.text === "(" || t.text === "[" || t.text === "{")) depth++;
    if (t.kind === "punct" && (t.text === ")" || t.text === "]" || t.text === "}")) depth--;
    if (depth === 0 && t.kind === "punct" && t.text === ",") {
      args.push([first, last]);
      first = last = -1;
      continue;
    }
    if (first < 0) first = i;
    last = i;
  }
  if (first >= 0) args.push([first, last]);
  return args;
}

/** Whether the code tokens in [a, b] form a "simple" operand: no operator at depth 0 besides member access. */
function isSimple(tokens: readonly Token[], a: number, b: number): boolean {
  let depth = 0;
  for (let i = a; i <= b; i++) {
    const t = tokens[i];
    if (t.kind !== "punct") continue;
    if ("([{".includes(t.text)) depth++;
    else if (")]}".includes(t.text)) depth--;
    else if (depth === 0 && t.text !== "." && t.text !== "?.") return false;
  }
  return true;
}

const end = (t: Token) => t.start + t.text.length;

function computeSites(source: string): Site[] {
  const tokens = tokenize(source);
  const sites: Site[] = [];
  const add = (kind: OpKind, from: Token, to: Token, text: string) => sites.push({ kind, line: from.line, start: from.start, end: end(to), text });
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const prev = tokens[prevCode(tokens, i)];
    if (t.kind === "punct") {
      if (BOUNDARY[t.text]) add("cmp_boundary", t, t, BOUNDARY[t.text]);
      if (FLIP[t.text]) add("cmp_flip", t, t, FLIP[t.text]);
      if (EQ[t.text]) add("eq_flip", t, t, EQ[t.text]);
      if (LOGIC[t.text]) add("logic", t, t, LOGIC[t.text]);
      if (ARITH[t.text] && isOperandEnd(prev)) add("arith", t, t, ARITH[t.text]);
      continue;
    }
    if (t.kind === "num" && /^\d+$/.test(t.text)) {
      const n = Number(t.text);
      add("const", t, t, String(n + 1));
      if (n >= 1) add("const", t, t, String(n - 1));
      continue;
    }
    if (t.kind !== "ident") continue;
    if (t.text === "true" || t.text === "false") {
      add("bool", t, t, t.text === "true" ? "false" : "true");
      continue;
    }
    if ((t.text === "min" || t.text === "max") && prev?.text === "." && tokens[prevCode(tokens, prevCode(tokens, i))]?.text === "Math") {
      add("minmax", t, t, t.text === "min" ? "max" : "min");
    }
    const openIdx = nextCode(tokens, i + 1);
    if (openIdx < 0 || tokens[openIdx].text !== "(") continue;
    const closeIdx = matchingClose(tokens, openIdx);
    if (closeIdx < 0) continue;
    if (t.text === "if") {
      const a = nextCode(tokens, openIdx + 1);
      const b = prevCode(tokens, closeIdx);
      if (a < 0 || b < a) continue;
      const cond = source.slice(tokens[a].start, end(tokens[b]));
      let negated: string;
      if (tokens[a].text === "!" && tokens[a + 1]?.text === "(" && matchingClose(tokens, a + 1) === b) negated = source.slice(end(tokens[a + 1]), tokens[b].start);
      else if (tokens[a].text === "!" && isSimple(tokens, nextCode(tokens, a + 1), b)) negated = source.slice(tokens[nextCode(tokens, a + 1)].start, end(tokens[b]));
      else if (isSimple(tokens, a, b)) negated = `!${cond}`;
      else negated = `!(${cond})`;
      add("negate", tokens[a], tokens[b], negated);
      if (cond !== "false") add("drop_branch", tokens[a], tokens[b], "false");
      continue;
    }
    if (KEYWORDS.has(t.text) || prev?.text === "function") continue;
    const args = splitArgs(tokens, openIdx, closeIdx);
    if (args.length !== 2) continue;
    const [[a1, b1], [a2, b2]] = args;
    const first = source.slice(tokens[a1].start, end(tokens[b1]));
    const second = source.slice(tokens[a2].start, end(tokens[b2]));
    if (first === second) continue;
    const between = source.slice(end(tokens[b1]), tokens[a2].start);
    add("swap_args", tokens[a1], tokens[b2], second + between + first);
  }
  return sites;
}

const siteCache = new Map<string, Site[]>();

/** Every mutation site of a source (cached by content). */
export function mutationSites(source: string): readonly Site[] {
  let sites = siteCache.get(source);
  if (!sites) {
    if (siteCache.size > 20_000) siteCache.clear();
    siteCache.set(source, (sites = computeSites(source)));
  }
  return sites;
}

export function applySite(source: string, site: Site): string {
  return source.slice(0, site.start) + site.text + source.slice(site.end);
}

export function lineText(source: string, line: number): string {
  return source.split("\n")[line - 1] ?? "";
}

/** The whole-line edit a site makes. */
export function siteLineEdit(file: string, source: string, site: Site): LineEdit {
  const lineStart = source.lastIndexOf("\n", site.start - 1) + 1;
  const nl = source.indexOf("\n", site.start);
  const lineEnd = nl < 0 ? source.length : nl;
  if (site.end > lineEnd) {
    const after = applySite(source, site);
    return { file, line: site.line, before: lineText(source, site.line), after: lineText(after, site.line) };
  }
  const before = source.slice(lineStart, lineEnd);
  return { file, line: site.line, before, after: source.slice(lineStart, site.start) + site.text + source.slice(site.end, lineEnd) };
}

/** A small bounded memo keyed by strings (the sources seen in a run repeat a lot). */
function memo<T>(compute: (key: string) => T, max = 20_000): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined) {
      if (cache.size >= max) cache.clear();
      cache.set(key, (v = compute(key)));
    }
    return v;
  };
}

const identifiersOf = memo((source) => new Set(tokenize(source).filter((t) => t.kind === "ident").map((t) => t.text)));

/** Applies line edits to a file map; throws when a line does not read as expected (a stale edit). */
export function applyLineEdits(files: Readonly<Record<string, string>>, edits: readonly LineEdit[]): Record<string, string> {
  const out = { ...files };
  for (const e of edits) {
    const lines = (out[e.file] ?? "").split("\n");
    if (lines[e.line - 1] !== e.before) throw new Error(`${e.file}:${e.line}: expected ${JSON.stringify(e.before)}, found ${JSON.stringify(lines[e.line - 1])}`);
    lines[e.line - 1] = e.after;
    out[e.file] = lines.join("\n");
  }
  return out;
}

export const invertEdit = (e: LineEdit): LineEdit => ({ file: e.file, line: e.line, before: e.after, after: e.before });

/** Renames every identifier token `from` to `to` (strings and comments untouched). */
export function renameIdentifier(source: string, from: string, to: string): string {
  let out = "";
  for (const t of tokenize(source)) out += t.kind === "ident" && t.text === from ? to : t.text;
  return out;
}

export function hasIdentifier(source: string, name: string): boolean {
  return identifiersOf(source).has(name);
}

/** Line ranges [first, last] of the top-level `function name(...) {...}` declarations of a source. */
export function functionRanges(source: string): Map<string, [number, number]> {
  return functionRangesMemo(source);
}

const functionRangesMemo = memo(computeFunctionRanges);

function computeFunctionRanges(source: string): Map<string, [number, number]> {
  const tokens = tokenize(source);
  const out = new Map<string, [number, number]>();
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].text !== "function") continue;
    const nameIdx = nextCode(tokens, i + 1);
    if (nameIdx < 0 || tokens[nameIdx].kind !== "ident") continue;
    const open = nextCode(tokens, nameIdx + 1);
    const close = open >= 0 ? matchingClose(tokens, open) : -1;
    const bodyOpen = close >= 0 ? nextCode(tokens, close + 1) : -1;
    const bodyClose = bodyOpen >= 0 ? matchingClose(tokens, bodyOpen) : -1;
    if (bodyClose < 0) continue;
    out.set(tokens[nameIdx].text, [tokens[i].line, tokens[bodyClose].line]);
  }
  return out;
}
