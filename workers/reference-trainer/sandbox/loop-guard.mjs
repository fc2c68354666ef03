// The sandbox's step budget: a guard injected into every loop header of the
// code it runs, so that a loop that does not end is cut off after the same
// number of iterations on every machine, however loaded (a wall-clock limit
// alone would cut off different tests on a busy machine than on an idle one).
// The context defines __sbTick (count one iteration, throw past the budget)
// and __sbIter (a counting wrapper for for-of loops).
export const LOOP_LIMIT = 100_000;
// Both limits give the same error, so an outcome never depends on which one fired first.
export const LIMIT_MESSAGE = `did not finish: over ${LOOP_LIMIT} loop iterations or over the time limit`;

// Injects the loop guard: `while (c)` -> `while (__sbTick() && (c))`,
// `for (a; c; b)` -> `for (a; __sbTick() && (c); b)`, `for (x of xs)` -> `for (x of __sbIter(xs))`.
export function instrument(source) {
  const out = [];
  let i = 0;
  let last = "";
  const n = source.length;
  const skipString = (q, j) => {
    for (j++; j < n && source[j] !== q; j++) if (source[j] === "\\") j++;
    return j + 1;
  };
  const matchParen = (j) => {
    let depth = 0;
    for (; j < n; j++) {
      const c = source[j];
      if (c === '"' || c === "'" || c === "`") j = skipString(c, j) - 1;
      else if (c === "(" || c === "[" || c === "{") depth++;
      else if (c === ")" || c === "]" || c === "}") if (--depth === 0) return j;
    }
    return -1;
  };
  const splitTop = (text, sep) => {
    const parts = [];
    let depth = 0;
    let start = 0;
    for (let j = 0; j < text.length; j++) {
      const c = text[j];
      if (c === '"' || c === "'" || c === "`") {
        for (j++; j < text.length && text[j] !== c; j++) if (text[j] === "\\") j++;
      } else if (c === "(" || c === "[" || c === "{") depth++;
      else if (c === ")" || c === "]" || c === "}") depth--;
      else if (c === sep && depth === 0) {
        parts.push(text.slice(start, j));
        start = j + 1;
      }
    }
    parts.push(text.slice(start));
    return parts;
  };
  while (i < n) {
    const c = source[i];
    if (c === '"' || c === "'" || c === "`") {
      const j = skipString(c, i);
      out.push(source.slice(i, j));
      i = j;
      last = "str";
      continue;
    }
    if (c === "/" && source[i + 1] === "/") {
      const j = source.indexOf("\n", i);
      const end = j < 0 ? n : j;
      out.push(source.slice(i, end));
      i = end;
      continue;
    }
    if (c === "/" && source[i + 1] === "*") {
      const j = source.indexOf("*/", i + 2);
      const end = j < 0 ? n : j + 2;
      out.push(source.slice(i, end));
      i = end;
      continue;
    }
    const word = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(source.slice(i, i + 40));
    if (word) {
      const w = word[0];
      const after = /^\s*\(/.exec(source.slice(i + w.length));
      if ((w === "while" || w === "for") && last !== "." && after) {
        const open = i + w.length + after[0].length - 1;
        const close = matchParen(open);
        if (close > 0) {
          const header = source.slice(open + 1, close);
          let guarded = header;
          if (w === "while") guarded = `__sbTick() && (${header})`;
          else {
            const parts = splitTop(header, ";");
            if (parts.length === 3) guarded = `${parts[0]}; __sbTick() && (${parts[1].trim() || "true"}); ${parts[2]}`;
            else {
              const m = /^(\s*(?:const|let|var)?\s*[^;]*?\s)of(\s[\s\S]*)$/.exec(header);
              if (m) guarded = `${m[1]}of __sbIter(${m[2]})`;
            }
          }
          out.push(source.slice(i, open + 1), guarded, ")");
          i = close + 1;
          last = ")";
          continue;
        }
      }
      out.push(w);
      i += w.length;
      last = w;
      continue;
    }
    out.push(c);
    if (!/\s/.test(c)) last = c;
    i++;
  }
  return out.join("");
}

