/** Where a value was shortened for display, and how big it was. */
export interface JsonClip {
  /** Dotted path from the clipped root, e.g. `observation` or `toolCalls.0.arguments.command`. */
  path: string;
  kind: "string" | "array" | "object" | "depth";
  /** The original length: characters of a string, items of an array, keys of an object. */
  size: number;
}

export interface ClipLimits {
  maxString: number;
  maxArray: number;
  maxKeys: number;
  maxDepth: number;
}

const DEFAULTS: ClipLimits = { maxString: 20_000, maxArray: 1_000, maxKeys: 1_000, maxDepth: 32 };

/**
 * A copy of a JSON value small enough to send to a browser: long strings cut to
 * their start, long arrays and objects to their first items, deep nesting
 * replaced by a marker. Every cut is listed so the UI can offer the full value.
 */
export function clipJson(value: unknown, limits: Partial<ClipLimits> = {}): { value: unknown; clips: JsonClip[] } {
  const lim = { ...DEFAULTS, ...limits };
  const clips: JsonClip[] = [];
  const walk = (v: unknown, path: string, depth: number): unknown => {
    if (typeof v === "string") {
      if (v.length <= lim.maxString) return v;
      clips.push({ path, kind: "string", size: v.length });
      let end = lim.maxString;
      // Do not split a surrogate pair.
      if (/[\uD800-\uDBFF]/.test(v[end - 1] ?? "")) end--;
      return v.slice(0, end);
    }
    if (v === null || typeof v !== "object") return v;
    if (depth >= lim.maxDepth) {
      clips.push({ path, kind: "depth", size: Array.isArray(v) ? v.length : Object.keys(v).length });
      return Array.isArray(v) ? [] : {};
    }
    const at = (k: string | number) => (path ? `${path}.${k}` : String(k));
    if (Array.isArray(v)) {
      if (v.length > lim.maxArray) clips.push({ path, kind: "array", size: v.length });
      return v.slice(0, lim.maxArray).map((item, i) => walk(item, at(i), depth + 1));
    }
    const keys = Object.keys(v);
    if (keys.length > lim.maxKeys) clips.push({ path, kind: "object", size: keys.length });
    const out: Record<string, unknown> = {};
    for (const k of keys.slice(0, lim.maxKeys)) out[k] = walk((v as Record<string, unknown>)[k], at(k), depth + 1);
    return out;
  };
  return { value: walk(value, "", 0), clips };
}
