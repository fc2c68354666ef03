import { z } from "zod";
import type { Db } from "@/db";
import { BadRequestError, NotFoundError } from "../errors";
import { enqueueJob } from "../jobs/queue";
import { ensureProject } from "../projects/service";
import { compositeOnlyValues } from "../recipes/ablation";
import { renderArgv, resolveParams, type ParamValues } from "../recipes/render";
import type { Recipe } from "../recipes/schema";
import type { PoolsConfig } from "../pools/config";
import { createRun } from "../runs/service";
import { parseOrThrow } from "../validation";

export const launchInput = z.object({
  recipe: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
  project: z.string().min(1).optional(),
  pool: z.string().min(1).optional(),
  name: z.string().min(1).max(200).optional(),
  group: z.string().min(1).max(200).optional(),
  tags: z.array(z.string()).optional(),
  /** A count N (seeds 1..N) or explicit seed values; needs an int `seed` param in the recipe. */
  seeds: z.union([z.number().int().min(1).max(100), z.array(z.number().int()).min(1).max(100)]).optional(),
  /** For a recipe with a `skills` param: the joint run plus one single-skill run per selected skill (and the recipe's composite-only runs). */
  ablationSet: z.boolean().optional(),
});
export type LaunchInput = z.input<typeof launchInput>;

export interface LaunchResult {
  runs: { id: string; name: string; status: string }[];
  group?: string;
}

interface Variant {
  name: string;
  params: ParamValues;
  tags: string[];
}

function expandAblation(recipe: Recipe, base: Variant): Variant[] {
  const skillsParam = Object.entries(recipe.params).find(([, p]) => p.type === "skills")?.[0];
  if (!skillsParam) throw new BadRequestError(`ablationSet: recipe '${recipe.name}' has no skills parameter to ablate`);
  const selected = base.params[skillsParam] as Record<string, number>;
  const composite = compositeOnlyValues(recipe);
  const params = composite ? { ...base.params, [composite.param]: composite.off } : base.params;
  const variants: Variant[] = [{ name: "joint", params, tags: [...base.tags, "joint"] }];
  for (const skill of Object.keys(selected)) {
    variants.push({ name: `only-${skill}`, params: { ...params, [skillsParam]: { [skill]: 1 } }, tags: [...base.tags, `only-${skill}`] });
  }
  for (const value of composite?.values ?? []) {
    variants.push({ name: `only-${value}`, params: { ...params, [composite!.param]: value }, tags: [...base.tags, `only-${value}`, "composite-only"] });
  }
  return variants;
}

function expandSeeds(recipe: Recipe, variants: Variant[], seeds: number | number[] | undefined): Variant[] {
  if (seeds === undefined) return variants;
  const p = recipe.params.seed;
  if (!p || p.type !== "int") throw new BadRequestError(`seeds: recipe '${recipe.name}' has no int 'seed' parameter to vary`);
  const values = Array.isArray(seeds) ? seeds : Array.from({ length: seeds }, (_, i) => i + 1);
  return variants.flatMap((v) =>
    values.map((seed) => ({ name: values.length > 1 ? `${v.name}-seed${seed}` : v.name, params: { ...v.params, seed }, tags: v.tags })),
  );
}

/**
 * Launches a recipe: validates params, expands an ablation set and seeds, and
 * creates every run with its queued job in one transaction.
 */
export function launch(db: Db, recipes: Map<string, Recipe>, raw: LaunchInput, pools?: PoolsConfig): LaunchResult {
  const input = parseOrThrow(launchInput, raw);
  const recipe = recipes.get(input.recipe);
  if (!recipe) throw new NotFoundError("Recipe", input.recipe);
  const project = ensureProject(db, input.project);
  const params = resolveParams(recipe, input.params, project.skills);
  const baseName = input.name ?? recipe.name;
  let variants: Variant[] = [{ name: baseName, params, tags: input.tags ?? [] }];
  if (input.ablationSet) variants = expandAblation(recipe, variants[0]);
  variants = expandSeeds(recipe, variants, input.seeds);
  const needsGroup = input.ablationSet || variants.length > 1;
  const group = input.group ?? (needsGroup ? `${baseName}-${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, "")}` : undefined);
  const pool = input.pool ?? recipe.pool;
  if (pools) requireKnownPool(db, pools, pool, input.pool ? "pool" : `recipe '${recipe.name}': pool`);

  return db.transaction(() => {
    const runs = variants.map((v) => {
      const { run } = createRun(db, {
        project: project.name,
        name: v.name,
        group,
        config: { recipe: recipe.name, ...v.params },
        tags: v.tags,
        recipe: recipe.name,
        pool,
        status: "queued",
      });
      const pk = db.$client.prepare("SELECT pk FROM runs WHERE id = ?").pluck().get(run.id) as number;
      enqueueJob(db.$client, {
        runPk: pk,
        pool,
        argv: renderArgv(recipe.argv, { ...v.params, run_id: run.id, run_dir: "{{run_dir}}" }),
        env: recipe.env,
        cwd: recipe.cwd ?? null,
        resources: recipe.resources,
        maxAttempts: recipe.retry.maxAttempts,
      });
      return { id: run.id, name: run.name, status: run.status };
    });
    return { runs, group };
  });
}

/**
 * A run may go to a pool declared in the pools file (`local` always is) or to
 * one a worker agent serves (`skillboard worker --pool NAME`).
 */
function requireKnownPool(db: Db, pools: PoolsConfig, pool: string, field: string): void {
  if (pools.pools.has(pool)) return;
  if (db.$client.prepare("SELECT 1 FROM workers WHERE pool = ? LIMIT 1").get(pool)) return;
  const known = [...pools.pools.keys()].join(", ");
  throw new BadRequestError(`${field}: '${pool}' is not a declared pool (${known}) and no worker serves it${pools.file ? `; pools are declared in ${pools.file}` : ""}`);
}
