import type { Recipe } from "./schema";

/**
 * The composite-only runs a recipe's ablation set adds: one per non-default
 * value of its `ablation.compositeOnly` enum parameter (the default trains no
 * composite). Pure: the launch service and the launch form share it.
 */
export function compositeOnlyValues(recipe: Pick<Recipe, "ablation" | "params">): { param: string; off: string; values: string[] } | null {
  const param = recipe.ablation?.compositeOnly;
  const p = param ? recipe.params[param] : undefined;
  if (!param || !p || p.type !== "enum" || p.default === undefined) return null;
  return { param, off: p.default, values: p.values.filter((v) => v !== p.default) };
}
