import { BadRequestError } from "../errors";
import type { Recipe, RecipeParam } from "./schema";

export type ParamValue = number | string | boolean | Record<string, number>;
export type ParamValues = Record<string, ParamValue>;

function checkParam(name: string, p: RecipeParam, v: unknown, skills: readonly string[]): ParamValue {
  const where = `params.${name}`;
  switch (p.type) {
    case "int":
    case "float": {
      if (typeof v !== "number" || !Number.isFinite(v)) throw new BadRequestError(`${where}: expected a number`);
      if (p.type === "int" && !Number.isInteger(v)) throw new BadRequestError(`${where}: expected an integer, got ${v}`);
      if (p.min !== undefined && v < p.min) throw new BadRequestError(`${where}: ${v} is below the minimum ${p.min}`);
      if (p.max !== undefined && v > p.max) throw new BadRequestError(`${where}: ${v} is above the maximum ${p.max}`);
      return v;
    }
    case "string":
      if (typeof v !== "string") throw new BadRequestError(`${where}: expected a string`);
      if (p.pattern && !new RegExp(p.pattern).test(v)) throw new BadRequestError(`${where}: '${v}' does not match ${p.pattern}`);
      return v;
    case "enum":
      if (typeof v !== "string" || !p.values.includes(v)) throw new BadRequestError(`${where}: expected one of ${p.values.join(", ")}`);
      return v;
    case "bool":
      if (typeof v !== "boolean") throw new BadRequestError(`${where}: expected true or false`);
      return v;
    case "skills": {
      if (typeof v !== "object" || v === null || Array.isArray(v)) {
        throw new BadRequestError(`${where}: expected an object of skill → mixture weight`);
      }
      const entries = Object.entries(v as Record<string, unknown>);
      if (!entries.length) throw new BadRequestError(`${where}: select at least one skill`);
      for (const [skill, w] of entries) {
        if (!skills.includes(skill)) throw new BadRequestError(`${where}.${skill}: not a skill of this project (${skills.join(", ")})`);
        if (typeof w !== "number" || !Number.isFinite(w) || w <= 0) throw new BadRequestError(`${where}.${skill}: the weight must be a number > 0`);
      }
      return Object.fromEntries(entries) as Record<string, number>;
    }
  }
}

/** Merges the request's params over the recipe's defaults and checks each; errors name `params.<name>`. */
export function resolveParams(recipe: Recipe, given: Record<string, unknown>, skills: readonly string[]): ParamValues {
  for (const name of Object.keys(given)) {
    if (!(name in recipe.params)) throw new BadRequestError(`params.${name}: recipe '${recipe.name}' has no such parameter`);
  }
  const out: ParamValues = {};
  for (const [name, p] of Object.entries(recipe.params)) {
    const v = given[name] ?? p.default;
    if (v === undefined) throw new BadRequestError(`params.${name}: required (no default)`);
    out[name] = checkParam(name, p, v, skills);
  }
  return out;
}

/** How a value is written into an argv element: skills as `editing=1,review=0.5`. */
export function formatParam(v: ParamValue): string {
  if (typeof v === "object") return Object.entries(v).map(([s, w]) => `${s}=${w}`).join(",");
  return String(v);
}

/**
 * Substitutes `{{name}}` inside each argv element. A value never splits into
 * more arguments and is never seen by a shell: `--x; rm -rf /` stays one literal argument.
 */
export function renderArgv(argv: readonly string[], values: Record<string, ParamValue>): string[] {
  return argv.map((arg) =>
    arg.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_, name: string) => {
      if (!(name in values)) throw new Error(`no value for {{${name}}}`);
      return formatParam(values[name]);
    }),
  );
}
