/** Reading untyped JSON from agent logs: narrow a value or get undefined, never throw. */

export type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
export const asObject = (v: unknown): JsonObject | undefined => (isObject(v) ? v : undefined);
export const asArray = (v: unknown): unknown[] | undefined => (Array.isArray(v) ? v : undefined);
export const asString = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
export const asNumber = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/** A copy of `obj` without `keys`. */
export function omit(obj: JsonObject, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) if (!keys.includes(k)) out[k] = v;
  return out;
}

/** Fields of a turn the trajectory schema types; a raw value that does not fit goes to `sourceFields`. */
const TYPED_FIELDS: Record<string, (v: unknown) => boolean> = {
  role: (v) => typeof v === "string" && v.length > 0,
  tokens: (v) => Number.isInteger(v) && (v as number) >= 0,
  durationMs: (v) => typeof v === "number" && Number.isFinite(v),
  toolCalls: (v) => Array.isArray(v) && v.every((c) => isObject(c) && typeof c.name === "string"),
  name: (v) => typeof v === "string",
  skill: (v) => typeof v === "string" && v.length > 0 && v.length <= 200,
  taskId: (v) => typeof v === "string" && v.length > 0 && v.length <= 500,
  step: (v) => Number.isSafeInteger(v) && (v as number) >= 0,
  reward: (v) => typeof v === "number" && Number.isFinite(v),
  advantage: (v) => v == null || (typeof v === "number" && Number.isFinite(v)),
  passed: (v) => typeof v === "boolean",
  turns: () => false,
  verifier: () => false,
  metadata: () => false,
  groupKey: (v) => v == null || (typeof v === "string" && v.length <= 500),
  sampleIndex: (v) => v == null || (Number.isInteger(v) && (v as number) >= 0),
};

/**
 * Copies `extras` onto `target` without overwriting what the mapping set. A raw
 * field that clashes with a mapped one, or that has the name of a typed field but
 * not its type, lands in `target.sourceFields` instead: nothing is dropped.
 */
export function keepExtras<T extends JsonObject>(target: T, extras: JsonObject): T {
  const out = target as JsonObject;
  const stash = (k: string, v: unknown) => (((out.sourceFields ??= {}) as JsonObject)[k] = v);
  for (const [k, v] of Object.entries(extras)) {
    if (k in out) {
      if (out[k] !== v) stash(k, v);
    } else if (TYPED_FIELDS[k] && !TYPED_FIELDS[k](v)) stash(k, v);
    else out[k] = v;
  }
  return target;
}

/** A tool call's `arguments`: OpenAI sends a JSON string; parsed when it is JSON, kept as the string otherwise. */
export function parseToolArguments(raw: unknown): { value: unknown; invalidJson: boolean } {
  if (typeof raw !== "string") return { value: raw ?? {}, invalidJson: false };
  if (raw.trim() === "") return { value: {}, invalidJson: false };
  try {
    return { value: JSON.parse(raw), invalidJson: false };
  } catch {
    return { value: raw, invalidJson: true };
  }
}

/** A short English list of an object's keys, for error messages. */
export function describeKeys(obj: JsonObject, max = 8): string {
  const keys = Object.keys(obj);
  if (keys.length === 0) return "no keys";
  const shown = keys.slice(0, max).join(", ");
  return keys.length > max ? `keys ${shown}, … (${keys.length} in all)` : `keys ${shown}`;
}
