/**
 * Foreign names (a verl data source, a TRL reward function, a SkyRL env) are
 * compared normalised: lower case, runs of `-`, `.`, spaces and `_` as one `_`,
 * so `SWE-bench_Verified`, `swe-bench-verified` and `swe bench verified` are
 * one name.
 */
export function normaliseName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s.\-_]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/** Words reward functions and eval sets wrap around the name they are about (`localization_reward`, `eval_editing`). */
const SUFFIXES = ["_reward_func", "_reward_fn", "_rewards", "_reward", "_pass_rate", "_accuracy", "_acc", "_score", "_success"];
const PREFIXES = ["rewards_", "reward_", "eval_", "val_", "test_"];

function stripAffixes(name: string): string[] {
  const out: string[] = [];
  for (const s of SUFFIXES) if (name.endsWith(s) && name.length > s.length) out.push(name.slice(0, -s.length));
  for (const p of PREFIXES) if (name.startsWith(p) && name.length > p.length) out.push(name.slice(p.length));
  return out;
}

/**
 * The normalised forms a foreign name is looked up by, most specific first:
 * the whole name, its last path segment (`princeton-nlp/SWE-bench_Verified`
 * → `swe_bench_verified`), then each without a reward/eval affix.
 */
export function nameCandidates(name: string): string[] {
  const whole = normaliseName(name);
  const slash = name.lastIndexOf("/");
  const last = slash >= 0 ? normaliseName(name.slice(slash + 1)) : whole;
  const out = new Set<string>();
  for (const base of [whole, last]) if (base) out.add(base);
  for (const base of [whole, last]) for (const s of stripAffixes(base)) out.add(s);
  return [...out];
}
