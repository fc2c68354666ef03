/**
 * Python's `json.dumps` writes float NaN and ±inf as the bare words `NaN`,
 * `Infinity`, `-Infinity`, which JSON.parse refuses. Trainers' dumps (verl's
 * rollout JSONL among them) can hold them, so a line that fails to parse is
 * tried again with those words, outside strings, read as null.
 */

export type ParsedLine = { ok: true; value: unknown; python: boolean } | { ok: false; error: string };

const PYTHON_WORDS = ["-Infinity", "Infinity", "NaN"];

/** The line with Python's non-finite number words outside strings replaced by `null`; null when it has none. */
function withoutPythonWords(line: string): string | null {
  let out = "";
  let inString = false;
  let changed = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      out += c;
      if (c === "\\") out += line[++i] ?? "";
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      continue;
    }
    const word = PYTHON_WORDS.find((w) => line.startsWith(w, i));
    if (word) {
      out += "null";
      i += word.length - 1;
      changed = true;
    } else out += c;
  }
  return changed ? out : null;
}

export function parseJsonLine(line: string): ParsedLine {
  try {
    return { ok: true, value: JSON.parse(line), python: false };
  } catch (error) {
    const fixed = withoutPythonWords(line);
    if (fixed != null) {
      try {
        return { ok: true, value: JSON.parse(fixed), python: true };
      } catch {
        // reported with the original error
      }
    }
    return { ok: false, error: (error as Error).message };
  }
}
