/** The config keys in which compared runs differ, as flattened dotted paths. */

export interface ConfigDiff {
  /** Dotted paths (`skills.editing`, `optim.lr`, `layers.0.width`) whose values are not all equal, sorted. */
  paths: string[];
  /** Per run, in input order: path → value (undefined where the run lacks the key). */
  values: Record<string, unknown>[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Flattens nested objects and arrays into dotted paths → leaf values.
 * Empty objects and arrays are kept as leaves so they still show up.
 */
export function flattenConfig(config: unknown, prefix = "", out: Record<string, unknown> = {}): Record<string, unknown> {
  const children = Array.isArray(config) ? config.map((v, i) => [String(i), v] as const) : isObject(config) ? Object.entries(config) : null;
  if (!children || children.length === 0) {
    if (prefix) out[prefix] = config;
    return out;
  }
  for (const [k, v] of children) flattenConfig(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/** The keys that differ between the configs; a key missing from some config differs. */
export function diffConfigs(configs: readonly unknown[]): ConfigDiff {
  const flat = configs.map((c) => flattenConfig(c));
  const all = new Set(flat.flatMap((f) => Object.keys(f)));
  const paths = [...all]
    .filter((p) => flat.some((f) => !Object.hasOwn(f, p) || !same(f[p], flat[0][p])))
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  return { paths, values: flat.map((f) => Object.fromEntries(paths.filter((p) => Object.hasOwn(f, p)).map((p) => [p, f[p]]))) };
}

const SEED_KEY = "seed";

function listSeeds(values: readonly unknown[]): string {
  const shown = values.slice(0, 8).map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
  return values.length > 8 ? `${shown.join(", ")}, … (${values.length} seeds)` : shown.join(", ");
}

/**
 * One config standing for a row of the table: a run's own config, or for a
 * row of seeds (configs equal but for their `seed` keys) the shared config
 * with each `seed` key holding the seeds as text ("1, 2, 3").
 */
export function rowConfig(configs: readonly unknown[]): unknown {
  if (configs.length <= 1) return configs[0];
  const [first] = configs;
  if (Array.isArray(first)) return first.map((_, i) => rowConfig(configs.map((c) => (Array.isArray(c) ? c[i] : undefined))));
  if (!isObject(first)) return first;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(first)) {
    const values = configs.map((c) => (isObject(c) ? c[k] : undefined));
    out[k] = k === SEED_KEY ? listSeeds(values) : rowConfig(values);
  }
  return out;
}

/** The keys in which the table's rows differ; each row given as the configs of its runs. */
export function diffRowConfigs(rows: readonly (readonly unknown[])[]): ConfigDiff {
  return diffConfigs(rows.map(rowConfig));
}
