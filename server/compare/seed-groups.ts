/**
 * Seeds of one configuration: runs whose configs are deep-equal once every
 * `seed` key (at any depth) is taken out, and which each have such a key, form
 * one configuration. Runs without a seed in their config never merge (two SDK
 * runs that both sent `{}` are not seeds of each other).
 */

export interface SeedRun {
  id: string;
  name: string;
  config: Record<string, unknown>;
}

export interface Configuration<R extends SeedRun = SeedRun> {
  /** The first run's id: stable while the set of runs stays the same. */
  key: string;
  /** The shared name stem (`joint` from `joint-seed1…3`), or the run's name. */
  label: string;
  runs: R[];
  /** The seed value of each run, in `runs` order (undefined where the config has none). */
  seeds: unknown[];
}

const SEED_KEY = "seed";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The config with every `seed` key removed, at any depth. */
export function configWithoutSeed(config: unknown): unknown {
  if (Array.isArray(config)) return config.map(configWithoutSeed);
  if (!isObject(config)) return config;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) if (k !== SEED_KEY) out[k] = configWithoutSeed(v);
  return out;
}

/** The first `seed` value found (breadth-first), or undefined. */
export function seedOf(config: unknown): unknown {
  const queue: unknown[] = [config];
  while (queue.length) {
    const v = queue.shift();
    if (!isObject(v)) continue;
    if (SEED_KEY in v) return v[SEED_KEY];
    queue.push(...Object.values(v));
  }
  return undefined;
}

/** Structural equality of JSON values; object key order does not matter. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "number" && typeof b === "number") return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
}

/** Whether two runs are seeds of one configuration. */
export function sameConfiguration(a: SeedRun, b: SeedRun): boolean {
  return seedOf(a.config) !== undefined && seedOf(b.config) !== undefined && deepEqual(configWithoutSeed(a.config), configWithoutSeed(b.config));
}

/** JSON-like text of a value with object keys sorted: equal for deep-equal values (see `deepEqual`). */
function canonicalText(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalText).join(",")}]`;
  if (isObject(v)) {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalText(v[k])}`).join(",")}}`;
  }
  if (v === undefined) return "undefined";
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  return JSON.stringify(v) ?? String(v);
}

/**
 * The key runs of one configuration share: their config without seeds, in
 * canonical form; undefined for a run without a seed (it never merges).
 */
export function configurationKey(config: unknown): string | undefined {
  return seedOf(config) === undefined ? undefined : canonicalText(configWithoutSeed(config));
}

const SEED_SUFFIX = /(?:[-_.\s]+(?:seed|s|rep|run)|[-_.\s]*seed)[-_=]?\d+$/i;

/**
 * The name a configuration's row gets: the names without a trailing seed
 * marker (`-seed2`, `_s3`, `-rep1`) when those agree; else their common
 * prefix (trimmed of separators) when it is at least 3 characters; else the
 * first name.
 */
export function nameStem(names: readonly string[]): string {
  if (names.length === 0) return "";
  if (names.length === 1) return names[0];
  const stripped = names.map((n) => n.replace(SEED_SUFFIX, ""));
  if (stripped[0] && stripped.every((s) => s === stripped[0])) return stripped[0];
  let prefix = names[0];
  for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  prefix = prefix.replace(/[-_.\s]+$/, "");
  return prefix.length >= 3 ? prefix : names[0];
}

/**
 * Groups runs into configurations (seeds merged), keeping the order in which
 * each configuration's first run appears. With `merge` false every run is its
 * own row.
 */
export function groupConfigurations<R extends SeedRun>(runs: readonly R[], merge = true): Configuration<R>[] {
  const groups: R[][] = [];
  const byKey = new Map<string, R[]>();
  for (const run of runs) {
    const key = merge ? configurationKey(run.config) : undefined;
    const home = key === undefined ? undefined : byKey.get(key);
    if (home) home.push(run);
    else {
      const group = [run];
      groups.push(group);
      if (key !== undefined) byKey.set(key, group);
    }
  }
  return groups.map((g) => ({
    key: g[0].id,
    label: nameStem(g.map((r) => r.name)),
    runs: g,
    seeds: g.map((r) => seedOf(r.config)),
  }));
}
