/**
 * A small JavaScript tokenizer for the bundled repositories: enough to find
 * mutation sites (operators, literals, calls, `if` conditions) and to rename
 * identifiers without touching strings or comments. The bundled sources use
 * no regular-expression literals, so every `/` is division.
 */

export type TokenKind = "ident" | "num" | "str" | "punct" | "ws" | "comment";

export interface Token {
  kind: TokenKind;
  text: string;
  /** Offset of the first character in the source. */
  start: number;
  /** 1-based line of the first character. */
  line: number;
}

const PUNCTUATORS = [
  "===", "!==", "...", "**=", "<<=", ">>=",
  "<=", ">=", "==", "!=", "&&", "||", "??", "=>", "++", "--", "+=", "-=", "*=", "/=", "%=", "?.", "**",
];

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  const push = (kind: TokenKind, end: number) => {
    const text = source.slice(i, end);
    tokens.push({ kind, text, start: i, line });
    for (const ch of text) if (ch === "\n") line++;
    i = end;
  };
  while (i < source.length) {
    const ch = source[i];
    if (/\s/.test(ch)) {
      let j = i;
      while (j < source.length && /\s/.test(source[j])) j++;
      push("ws", j);
    } else if (ch === "/" && source[i + 1] === "/") {
      const j = source.indexOf("\n", i);
      push("comment", j < 0 ? source.length : j);
    } else if (ch === "/" && source[i + 1] === "*") {
      const j = source.indexOf("*/", i + 2);
      push("comment", j < 0 ? source.length : j + 2);
    } else if (ch === '"' || ch === "'" || ch === "`") {
      let j = i + 1;
      while (j < source.length && source[j] !== ch) j += source[j] === "\\" ? 2 : 1;
      push("str", Math.min(j + 1, source.length));
    } else if (/[0-9]/.test(ch) || (ch === "." && /[0-9]/.test(source[i + 1] ?? ""))) {
      let j = i;
      while (j < source.length && /[0-9._xXa-fA-FeE]/.test(source[j])) j++;
      push("num", j);
    } else if (/[A-Za-z_$]/.test(ch)) {
      let j = i;
      while (j < source.length && /[A-Za-z0-9_$]/.test(source[j])) j++;
      push("ident", j);
    } else {
      const p = PUNCTUATORS.find((x) => source.startsWith(x, i));
      push("punct", i + (p ? p.length : 1));
    }
  }
  return tokens;
}

/** Index of the next token at or after `from` that is not whitespace or a comment, or -1. */
export function nextCode(tokens: readonly Token[], from: number): number {
  for (let i = from; i < tokens.length; i++) if (tokens[i].kind !== "ws" && tokens[i].kind !== "comment") return i;
  return -1;
}

/** Index of the previous token before `from` that is not whitespace or a comment, or -1. */
export function prevCode(tokens: readonly Token[], from: number): number {
  for (let i = from - 1; i >= 0; i--) if (tokens[i].kind !== "ws" && tokens[i].kind !== "comment") return i;
  return -1;
}

/** Index of the bracket closing the one at `open`, or -1. */
export function matchingClose(tokens: readonly Token[], open: number): number {
  const pairs: Record<string, string> = { "(": ")", "[": "]", "{": "}" };
  const stack: string[] = [];
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== "punct") continue;
    if (pairs[t.text]) stack.push(pairs[t.text]);
    else if (t.text === ")" || t.text === "]" || t.text === "}") {
      if (stack.pop() !== t.text) return -1;
      if (!stack.length) return i;
    }
  }
  return -1;
}

export const KEYWORDS = new Set([
  "if", "else", "for", "while", "do", "return", "function", "const", "let", "var", "new", "typeof", "of", "in",
  "switch", "case", "break", "continue", "throw", "try", "catch", "finally", "class", "true", "false", "null",
  "undefined", "this", "instanceof", "void", "delete", "yield", "await", "async",
]);
