/** Lower case, with runs of `-`, `.`, spaces and `_` as one `_`: "Unit-Test" and "unit_test" are the same name. */
const normalize = (s: string) => s.trim().toLowerCase().replace(/[-.\s_]+/g, "_");

/**
 * The project skill that a rollout's data source (verl `data_source`, a `skill`
 * column…) names, if any: the whole value or its last `/`- or `:`-separated part,
 * compared without regard to case and separators ("atomic/Unit-Test" → `unit_test`).
 */
export function skillNamedBy(value: unknown, skills: readonly string[]): string | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const byName = new Map(skills.map((s) => [normalize(s), s]));
  const parts = value.split(/[/:]/).filter(Boolean);
  return byName.get(normalize(value)) ?? (parts.length > 1 ? byName.get(normalize(parts.at(-1)!)) : undefined);
}
