import path from "node:path";
import type { Recipe } from "./schema";

/** What clients see of a recipe: everything but the absolute file path. */
export function recipeView(r: Recipe) {
  return {
    name: r.name,
    description: r.description,
    file: path.basename(r.file),
    argv: r.argv,
    params: r.params,
    resources: r.resources,
    env: r.env,
    retry: r.retry,
    pool: r.pool,
    ablation: r.ablation,
  };
}
export type RecipeView = ReturnType<typeof recipeView>;
