import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describeZodError } from "../validation";
import { recipeSchema, type Recipe } from "./schema";

export class RecipeError extends Error {}

/** Recipe folders: the repository's `recipes/` and, when set, `SKILLBOARD_RECIPES_DIR`. */
export function recipeDirs(rootDir: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs = [path.join(rootDir, "recipes")];
  if (env.SKILLBOARD_RECIPES_DIR) dirs.push(path.resolve(env.SKILLBOARD_RECIPES_DIR));
  return dirs;
}

/** Parses and validates one recipe file; errors name the file and the field. */
export function loadRecipeFile(file: string): Recipe {
  let doc: unknown;
  try {
    doc = YAML.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new RecipeError(`${file}: not valid YAML: ${(error as Error).message}`);
  }
  const parsed = recipeSchema.safeParse(doc);
  if (!parsed.success) throw new RecipeError(`${file}: ${describeZodError(parsed.error)}`);
  const recipe = { ...parsed.data, file };
  checkPlaceholders(recipe);
  checkDefaults(recipe);
  checkAblation(recipe);
  return recipe;
}

function checkAblation(recipe: Recipe) {
  const name = recipe.ablation?.compositeOnly;
  if (name === undefined) return;
  const p = recipe.params[name];
  if (!p || p.type !== "enum" || p.default === undefined) {
    throw new RecipeError(`${recipe.file}: ablation.compositeOnly: '${name}' must name an enum parameter with a default (the value that trains no composite)`);
  }
}

function checkPlaceholders(recipe: Recipe) {
  recipe.argv.forEach((arg, i) => {
    for (const m of arg.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
      const name = m[1];
      if (!(name in recipe.params) && !BUILTIN_PLACEHOLDERS.includes(name)) {
        throw new RecipeError(`${recipe.file}: argv.${i}: '{{${name}}}' names no parameter (known: ${Object.keys(recipe.params).join(", ") || "none"})`);
      }
    }
  });
}

function checkDefaults(recipe: Recipe) {
  for (const [name, p] of Object.entries(recipe.params)) {
    if (p.default === undefined) continue;
    if ((p.type === "int" || p.type === "float") && ((p.min !== undefined && p.default < p.min) || (p.max !== undefined && p.default > p.max))) {
      throw new RecipeError(`${recipe.file}: params.${name}.default: ${p.default} is outside [${p.min ?? "-∞"}, ${p.max ?? "∞"}]`);
    }
    if (p.type === "enum" && !p.values.includes(p.default)) {
      throw new RecipeError(`${recipe.file}: params.${name}.default: '${p.default}' is not one of ${p.values.join(", ")}`);
    }
    if (p.type === "string" && p.pattern && !new RegExp(p.pattern).test(p.default)) {
      throw new RecipeError(`${recipe.file}: params.${name}.default: '${p.default}' does not match ${p.pattern}`);
    }
  }
}

/** Placeholders every recipe may use besides its params. */
export const BUILTIN_PLACEHOLDERS = ["run_id", "run_dir"];

/** Loads every `*.yaml`/`*.yml` recipe; a bad file or a duplicate name is an error naming the file. */
export function loadRecipes(dirs: string[]): Map<string, Recipe> {
  const recipes = new Map<string, Recipe>();
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) continue;
    for (const entry of fs.readdirSync(dir).sort()) {
      if (!/\.ya?ml$/.test(entry)) continue;
      const recipe = loadRecipeFile(path.join(dir, entry));
      const clash = recipes.get(recipe.name);
      if (clash) throw new RecipeError(`${recipe.file}: name: '${recipe.name}' is already defined in ${clash.file}`);
      recipes.set(recipe.name, recipe);
    }
  }
  return recipes;
}
