import { BadRequestError } from "../errors";

const NON_FINITE = ["-Infinity", "Infinity", "NaN"];

/** `text` with the bare tokens NaN, Infinity and -Infinity (outside strings) replaced by null. */
export function nullNonFiniteTokens(text: string): string {
  let out = "";
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      continue;
    }
    if (c !== "N" && c !== "I" && c !== "-") continue;
    const token = NON_FINITE.find((t) => text.startsWith(t, i));
    if (!token) continue;
    out += `${text.slice(from, i)}null`;
    i += token.length - 1;
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * Parses a request body as Python's json module writes it: rllm serialises with
 * `json.dumps`, which writes NaN/Infinity as bare tokens that JSON.parse refuses.
 * Those values become null (and are then dropped where a number is needed), so one
 * NaN metric does not cost the whole request.
 */
export function parsePythonJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(nullNonFiniteTokens(text));
    } catch (error) {
      throw new BadRequestError(`body: not valid JSON (${(error as Error).message}).`);
    }
  }
}
