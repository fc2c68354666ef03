import { invalidParameter } from "./errors";

/**
 * MLflow params ↔ the run's config tree. A param key is a path: `actor.optim.lr` (MLflow's
 * convention) and `actor/optim/lr` (verl flattens its config with '/') both land at
 * `config.actor.optim.lr`. A param whose path is blocked (a value already sits where a
 * subtree would go, or the reverse) is kept under its raw key in `config["mlflow.params"]`,
 * so nothing is lost. Reading back, the tree is flattened with '.'.
 */
export const PARAMS_FALLBACK_KEY = "mlflow.params";
/** The run's MLflow system tags (and user tags too long for a Skillboard tag), see tags.ts. */
export const TAGS_CONFIG_KEY = "mlflow.tags";
const RESERVED = new Set([PARAMS_FALLBACK_KEY, TAGS_CONFIG_KEY]);

type Tree = Record<string, unknown>;
const isTree = (v: unknown): v is Tree => typeof v === "object" && v !== null && !Array.isArray(v);

/** A param value as stored: a number when the string is exactly that number's spelling, else the string. */
export function paramValue(raw: string): string | number {
  if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) return raw;
  const n = Number(raw);
  return Number.isFinite(n) && String(n) === raw ? n : raw;
}

/** A config leaf as an MLflow param string. */
export function paramString(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value ?? null);
}

const pathOf = (key: string) => key.split(/[./]/).filter(Boolean);

/**
 * Sets params into a copy of `config`. Logging a param again with the same value is a
 * no-op; with another value it is refused, as MLflow refuses it, unless `keepConflicts`
 * (a launched run, whose config the recipe wrote): then the trainer's value is kept beside
 * the recipe's under its raw key in `config["mlflow.params"]`, so a spelling difference
 * cannot stop the trainer's logging.
 */
export function setParams(config: Tree, params: { key: string; value: string }[], runId: string, opts: { keepConflicts?: boolean } = {}): Tree {
  const out = structuredClone(config);
  for (const { key, value } of params) {
    const existing = readParam(out, key);
    if (existing !== undefined) {
      if (paramString(existing) === value) continue;
      // The trainer's own earlier value sits in the fallback: a second, different one is refused.
      if (opts.keepConflicts && fallbackOf(out)[key] === undefined) {
        fallbackOf(out)[key] = value;
        continue;
      }
      throw invalidParameter(
        `Changing param values is not allowed. Param with key='${key}' was already logged with value='${paramString(existing)}' for run ID='${runId}'. Attempted logging new value '${value}'.`,
      );
    }
    if (!placeInTree(out, pathOf(key), paramValue(value))) fallbackOf(out)[key] = value;
  }
  return out;
}

function fallbackOf(config: Tree): Tree {
  const fallback = config[PARAMS_FALLBACK_KEY];
  return isTree(fallback) ? fallback : (config[PARAMS_FALLBACK_KEY] = {});
}

function placeInTree(tree: Tree, path: string[], value: unknown): boolean {
  if (!path.length || RESERVED.has(path[0])) return false;
  let node = tree;
  for (const segment of path.slice(0, -1)) {
    const next = node[segment];
    if (next === undefined) node = node[segment] = {};
    else if (isTree(next)) node = next;
    else return false;
  }
  const leaf = path.at(-1)!;
  if (node[leaf] !== undefined) return false;
  node[leaf] = value;
  return true;
}

/** The value a param key has in the config (tree or fallback), or undefined. */
function readParam(config: Tree, key: string): unknown {
  const fallback = config[PARAMS_FALLBACK_KEY];
  if (isTree(fallback) && fallback[key] !== undefined) return fallback[key];
  let node: unknown = config;
  const path = pathOf(key);
  if (!path.length || RESERVED.has(path[0])) return undefined;
  for (const segment of path) {
    if (!isTree(node)) return undefined;
    node = node[segment];
  }
  return isTree(node) ? undefined : node;
}

/** The config as MLflow params: leaves flattened with '.', plus the fallback params under their raw keys. */
export function configToParams(config: Tree): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  const walk = (node: Tree, prefix: string) => {
    for (const [k, v] of Object.entries(node)) {
      if (!prefix && RESERVED.has(k)) continue;
      const key = prefix ? `${prefix}.${k}` : k;
      if (isTree(v) && Object.keys(v).length) walk(v, key);
      else out.push({ key, value: paramString(v) });
    }
  };
  walk(config, "");
  const fallback = config[PARAMS_FALLBACK_KEY];
  if (isTree(fallback)) for (const [key, v] of Object.entries(fallback)) out.push({ key, value: paramString(v) });
  return out;
}
