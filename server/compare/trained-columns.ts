/**
 * What a run trained on: the columns of the comparison table that count as
 * in-domain for it. The rule, first match wins:
 *
 * 0. A composite-only run (`config.train_composite` or `config.trainComposite`
 *    naming a benchmark, not `none`): it trained that benchmark only, whatever
 *    its `skills` say (a launched run carries the recipe's skills default).
 * 1. `config.skills` (at the top level or one level down, e.g. `train.skills`):
 *    an object of mixture weights (the keys with a weight > 0), a list of
 *    names, or a comma-separated string. Launched runs carry this.
 * 2. Tags: `only-<x>` trains x (a skill, or a benchmark for composite-only RL
 *    such as `only-swe_verified`); `joint` trains every skill of the project.
 * 3. The run's name, read the same way as tags: a name containing
 *    `only-<x>` (or starting with `joint`).
 * 4. Otherwise unknown (an SFT starting point or a reference model): the row
 *    gets no in/out-of-domain split.
 *
 * Everything the table shows that is not in-domain (the other skills and every
 * OOD benchmark) is out-of-domain.
 */

export type TrainedRule = "config" | "tags" | "name";

export interface TrainedColumns {
  columns: string[];
  rule: TrainedRule;
  /** Trained on a composite benchmark only (rule 0). */
  compositeOnly?: true;
}

interface RunLike {
  name: string;
  config: Record<string, unknown>;
  tags: readonly string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function skillsParam(value: unknown): string[] | null {
  if (isObject(value)) return Object.entries(value).filter(([, w]) => (typeof w === "number" ? w > 0 : Boolean(w))).map(([k]) => k);
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
  if (typeof value === "string" && value.trim()) return value.split(",").map((s) => s.trim()).filter(Boolean);
  return null;
}

function fromConfig(config: Record<string, unknown>): string[] | null {
  const direct = skillsParam(config.skills);
  if (direct) return direct;
  for (const v of Object.values(config)) {
    if (isObject(v) && "skills" in v) {
      const nested = skillsParam(v.skills);
      if (nested) return nested;
    }
  }
  return null;
}

function fromLabels(labels: readonly string[], known: readonly string[], projectSkills: readonly string[]): string[] | null {
  const only = new Set<string>();
  let joint = false;
  for (const label of labels) {
    const lower = label.toLowerCase();
    if (lower === "joint" || /^joint(?:[-_.\s]|$)/.test(lower)) joint = true;
    // Longest names first: `only-unit_test` must not be read as a shorter name that prefixes it.
    const m = /only[-_]([a-z0-9_@.-]+)/.exec(lower);
    if (m) {
      const hit = [...known].sort((a, b) => b.length - a.length).find((k) => m[1] === k.toLowerCase() || m[1].startsWith(`${k.toLowerCase()}-`));
      if (hit) only.add(hit);
    }
  }
  if (only.size) return [...only];
  if (joint) return [...projectSkills];
  return null;
}

/**
 * The run's in-domain columns by the rule above, or null when unknown.
 * `known` are the names a tag or name may point at (skills and benchmarks).
 */
export function trainedColumns(run: RunLike, projectSkills: readonly string[], known: readonly string[] = projectSkills): TrainedColumns | null {
  const composite = run.config.train_composite ?? run.config.trainComposite;
  if (typeof composite === "string" && composite.trim() && composite !== "none") return { columns: [composite.trim()], rule: "config", compositeOnly: true };
  const config = fromConfig(run.config);
  if (config) return { columns: config, rule: "config" };
  const tags = fromLabels(run.tags, known, projectSkills);
  if (tags) return { columns: tags, rule: "tags" };
  const name = fromLabels([run.name], known, projectSkills);
  if (name) return { columns: name, rule: "name" };
  return null;
}
