import { invalidParameter } from "./errors";

/**
 * MLflow's search filter strings, the subset the client and users write:
 * `<entity>.<key> <op> <value>` clauses joined by AND, e.g.
 * `attributes.status = 'FINISHED' AND metrics.acc > 0.5 AND tags."my tag" LIKE 'a%'`.
 * Entities: `attributes`/`attribute`/`attr`/`run` (or none), `metrics`/`metric`, `params`/`param`,
 * `tags`/`tag`; keys may be quoted with `"`, `'` or backticks.
 * Operators: = != < <= > >= LIKE ILIKE IN, NOT IN.
 */
export type FilterEntity = "attribute" | "metric" | "param" | "tag";
export type FilterOp = "=" | "!=" | "<" | "<=" | ">" | ">=" | "LIKE" | "ILIKE" | "IN" | "NOT IN";
export interface FilterClause {
  entity: FilterEntity;
  key: string;
  op: FilterOp;
  value: string | number | (string | number)[];
}

const ENTITY_WORDS: Record<string, FilterEntity> = {
  attributes: "attribute",
  attribute: "attribute",
  attr: "attribute",
  run: "attribute",
  metrics: "metric",
  metric: "metric",
  params: "param",
  param: "param",
  parameter: "param",
  parameters: "param",
  tags: "tag",
  tag: "tag",
};

const TOKEN = /\s*(?:(?<str>'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.)*")|(?<bq>`[^`]*`)|(?<num>-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)(?![\w.])|(?<op><=|>=|!=|<>|=|<|>)|(?<punct>[(),.])|(?<word>[A-Za-z_][\w\-:]*))/y;

type Token = { kind: "str" | "bq" | "num" | "op" | "punct" | "word"; text: string };

function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < filter.length) {
    if (!filter.slice(pos).trim()) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(filter);
    if (!m?.groups) throw invalidParameter(`Invalid filter '${filter}': cannot parse from '${filter.slice(pos).trim()}'.`);
    const [kind, text] = Object.entries(m.groups).find(([, v]) => v !== undefined)! as [Token["kind"], string];
    tokens.push({ kind, text });
    pos = TOKEN.lastIndex;
  }
  return tokens;
}

const unquote = (t: Token) => {
  if (t.kind === "bq") return t.text.slice(1, -1);
  if (t.kind === "str") return t.text.slice(1, -1).replace(/''/g, "'").replace(/\\(.)/g, "$1");
  return t.text;
};

/** Parses a filter string; an empty one is no clause. A filter outside the subset is INVALID_PARAMETER_VALUE. */
export function parseFilter(filter: string | undefined | null): FilterClause[] {
  if (!filter?.trim()) return [];
  const tokens = tokenize(filter);
  const clauses: FilterClause[] = [];
  let i = 0;
  const bad = (why: string): never => {
    throw invalidParameter(`Invalid filter '${filter}': ${why}.`);
  };
  const next = () => tokens[i++] ?? bad("it ends too early");
  while (i < tokens.length) {
    // Identifier: [entity.]key
    let entity: FilterEntity = "attribute";
    let key: string;
    const first = next();
    if (first.kind === "word" && ENTITY_WORDS[first.text.toLowerCase()] && tokens[i]?.text === ".") {
      entity = ENTITY_WORDS[first.text.toLowerCase()];
      i++;
      const k = next();
      if (!["word", "str", "bq"].includes(k.kind)) bad(`expected a key after '${first.text}.'`);
      key = unquote(k);
      // Unquoted keys may contain dots: metrics.val.acc
      while (k.kind === "word" && tokens[i]?.text === "." && tokens[i + 1]?.kind === "word") {
        key += `.${tokens[i + 1].text}`;
        i += 2;
      }
    } else if (first.kind === "word" || first.kind === "bq") {
      key = unquote(first);
    } else {
      return bad(`expected an identifier, got '${first.text}'`);
    }
    // Operator
    let opToken = next();
    let op: FilterOp;
    if (opToken.kind === "op") op = opToken.text === "<>" ? "!=" : (opToken.text as FilterOp);
    else if (opToken.kind === "word" && opToken.text.toUpperCase() === "NOT") {
      opToken = next();
      if (opToken.text.toUpperCase() !== "IN") bad("only NOT IN is supported after NOT");
      op = "NOT IN";
    } else if (opToken.kind === "word" && ["LIKE", "ILIKE", "IN"].includes(opToken.text.toUpperCase())) op = opToken.text.toUpperCase() as FilterOp;
    else return bad(`unsupported operator '${opToken.text}'`);
    // Value
    let value: FilterClause["value"];
    if (op === "IN" || op === "NOT IN") {
      if (next().text !== "(") bad(`${op} needs a parenthesised list`);
      const list: (string | number)[] = [];
      for (;;) {
        const v = next();
        if (v.kind === "str") list.push(unquote(v));
        else if (v.kind === "num") list.push(Number(v.text));
        else bad(`unexpected '${v.text}' in an ${op} list`);
        const sep = next();
        if (sep.text === ")") break;
        if (sep.text !== ",") bad(`expected ',' or ')' in an ${op} list`);
      }
      value = list;
    } else {
      const v = next();
      if (v.kind === "str") value = unquote(v);
      else if (v.kind === "num") value = Number(v.text);
      else return bad(`expected a quoted string or a number, got '${v.text}'`);
    }
    clauses.push({ entity, key, op, value });
    if (i < tokens.length) {
      const and = next();
      if (and.kind !== "word" || and.text.toUpperCase() !== "AND") bad(`only AND joins clauses, got '${and.text}'`);
    }
  }
  return clauses;
}

function likeToRegex(pattern: string, caseInsensitive: boolean): RegExp {
  const body = pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/%/g, ".*").replace(/_/g, ".");
  return new RegExp(`^${body}$`, caseInsensitive ? "is" : "s");
}

/** Whether one value satisfies a clause; a missing value (undefined) satisfies nothing but `!=`/`NOT IN`. */
export function matchesClause(actual: string | number | undefined | null, clause: FilterClause): boolean {
  const { op, value } = clause;
  if (actual === undefined || actual === null) return op === "!=" || op === "NOT IN";
  if (op === "IN" || op === "NOT IN") {
    const found = (value as (string | number)[]).some((v) => String(v) === String(actual));
    return op === "IN" ? found : !found;
  }
  if (op === "LIKE" || op === "ILIKE") return likeToRegex(String(value), op === "ILIKE").test(String(actual));
  const numeric = typeof value === "number" || typeof actual === "number";
  const a = numeric ? Number(actual) : String(actual);
  const b = numeric ? Number(value) : String(value);
  switch (op) {
    case "=":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
  }
  return false;
}
