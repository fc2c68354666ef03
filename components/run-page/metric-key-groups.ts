/** Which keys the skills grid plots, and how the remaining keys group by prefix. */

/** The project's skills in order, then skills that only appear in logged keys (sorted). */
export function skillsToShow(projectSkills: readonly string[], keys: readonly string[]): string[] {
  const extra = new Set<string>();
  for (const key of keys) {
    const m = /^skill\/(.+)\/(pass@1|avg_steps)$/.exec(key);
    if (m && !projectSkills.includes(m[1])) extra.add(m[1]);
  }
  return [...projectSkills, ...[...extra].sort()];
}

export interface MetricKeyGroup {
  prefix: string;
  keys: string[];
}

/** Keys not shown elsewhere, grouped by the part before the first "/" ("general" for keys without one). */
export function groupOtherKeys(keys: readonly string[], shownElsewhere: ReadonlySet<string>): MetricKeyGroup[] {
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    if (shownElsewhere.has(key)) continue;
    const slash = key.indexOf("/");
    const prefix = slash > 0 ? key.slice(0, slash) : "general";
    (groups.get(prefix) ?? groups.set(prefix, []).get(prefix)!).push(key);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === "general" ? 1 : b === "general" ? -1 : a.localeCompare(b)))
    .map(([prefix, ks]) => ({ prefix, keys: ks.sort((a, b) => a.localeCompare(b, undefined, { numeric: true })) }));
}

/** A key filter from the search box: a case-insensitive regex, or a plain substring when the text is not a valid regex. */
export function keyMatcher(query: string): (key: string) => boolean {
  const q = query.trim();
  if (!q) return () => true;
  try {
    const re = new RegExp(q, "i");
    return (key) => re.test(key);
  } catch {
    const lower = q.toLowerCase();
    return (key) => key.toLowerCase().includes(lower);
  }
}
