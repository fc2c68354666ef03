import type { RecipeParam } from "@/server/recipes/schema";

/**
 * The launch form's state and rules, free of React: values as typed (numbers
 * stay strings until they parse), checks that match the server's (so most
 * mistakes show before Launch), the params sent, and the names of the runs a
 * launch will create.
 */

export type SkillsValue = Record<string, { on: boolean; weight: string }>;
export type RawValue = string | boolean | SkillsValue;
export type FormValues = Record<string, RawValue>;
export type ParamValue = number | string | boolean | Record<string, number>;

export interface RunOptions {
  name: string;
  group: string;
  tags: string;
  seeds: string;
  pool: string;
  project: string;
}

const show = (v: unknown) => (v === undefined || v === null ? "" : String(v));

/** The value a field starts with: the relaunched run's, else the recipe's default. */
export function initialValue(p: RecipeParam, skills: readonly string[], from: unknown): RawValue {
  const value = from ?? p.default;
  switch (p.type) {
    case "bool":
      return typeof value === "boolean" ? value : false;
    case "enum":
      return typeof value === "string" && p.values.includes(value) ? value : (p.default ?? p.values[0]);
    case "skills": {
      const chosen = value && typeof value === "object" ? (value as Record<string, unknown>) : null;
      const all = [...skills, ...Object.keys(chosen ?? {}).filter((s) => !skills.includes(s))];
      return Object.fromEntries(all.map((s) => [s, { on: chosen ? s in chosen : true, weight: show(chosen?.[s] ?? 1) }]));
    }
    default:
      return show(value);
  }
}

export function initialValues(params: Record<string, RecipeParam>, skills: readonly string[], from?: Record<string, unknown>): FormValues {
  return Object.fromEntries(Object.entries(params).map(([name, p]) => [name, initialValue(p, skills, from?.[name])]));
}

type Read = { value?: ParamValue; error?: string };

function readNumber(p: Extract<RecipeParam, { type: "int" | "float" }>, raw: string): Read {
  const text = raw.trim();
  if (text === "") return p.default === undefined ? { error: "required" } : {};
  const v = Number(text);
  if (!Number.isFinite(v)) return { error: p.type === "int" ? "expected an integer" : "expected a number" };
  if (p.type === "int" && !/^[+-]?\d+$/.test(text)) return { error: `expected an integer, got ${text}` };
  if (p.min !== undefined && v < p.min) return { error: `${v} is below the minimum ${p.min}` };
  if (p.max !== undefined && v > p.max) return { error: `${v} is above the maximum ${p.max}` };
  return { value: v };
}

function readSkills(raw: SkillsValue): Read {
  const on = Object.entries(raw).filter(([, s]) => s.on);
  if (!on.length) return { error: "select at least one skill" };
  const out: Record<string, number> = {};
  for (const [skill, s] of on) {
    const w = Number(s.weight.trim());
    if (s.weight.trim() === "" || !Number.isFinite(w) || w <= 0) return { error: `${skill}: the weight must be a number > 0` };
    out[skill] = w;
  }
  return { value: out };
}

/** The value to send for one param (undefined: leave it to the recipe's default), or what is wrong with it. */
export function readParam(p: RecipeParam, raw: RawValue): Read {
  switch (p.type) {
    case "int":
    case "float":
      return readNumber(p, String(raw));
    case "string": {
      const v = String(raw);
      if (p.pattern && !new RegExp(p.pattern).test(v)) return { error: `'${v}' does not match ${p.pattern}` };
      return { value: v };
    }
    case "enum":
      return p.values.includes(String(raw)) ? { value: String(raw) } : { error: `expected one of ${p.values.join(", ")}` };
    case "bool":
      return { value: raw === true };
    case "skills":
      return readSkills(raw as SkillsValue);
  }
}

/** The params to send and the per-field errors (empty when the form may be sent). */
export function readParams(params: Record<string, RecipeParam>, values: FormValues): { params: Record<string, ParamValue>; errors: Record<string, string> } {
  const out: Record<string, ParamValue> = {};
  const errors: Record<string, string> = {};
  for (const [name, p] of Object.entries(params)) {
    const r = readParam(p, values[name] ?? initialValue(p, [], undefined));
    if (r.error) errors[name] = r.error;
    else if (r.value !== undefined) out[name] = r.value;
  }
  return { params: out, errors };
}

/** The seed count typed (undefined when blank), or an error. */
export function readSeeds(raw: string): { seeds?: number; error?: string } {
  const text = raw.trim();
  if (!text) return {};
  if (!/^\d+$/.test(text)) return { error: "a whole number of seeds" };
  const n = Number(text);
  if (n < 1 || n > 100) return { error: "between 1 and 100 seeds" };
  return { seeds: n };
}

export const parseTags = (raw: string) => [...new Set(raw.split(/[,\s]+/).map((t) => t.trim()).filter(Boolean))];

/** The names of the runs a launch creates, as the server names them: `joint`, `only-<skill>`, each `-seed<i>` with several seeds. */
export function plannedRunNames(opts: { baseName: string; ablation: boolean; skills: string[]; seeds?: number; compositeOnly?: string[] }): string[] {
  const variants = opts.ablation ? ["joint", ...opts.skills.map((s) => `only-${s}`), ...(opts.compositeOnly ?? []).map((c) => `only-${c}`)] : [opts.baseName];
  if (!opts.seeds || opts.seeds < 1) return variants;
  const n = opts.seeds;
  return variants.flatMap((v) => Array.from({ length: n }, (_, i) => (n > 1 ? `${v}-seed${i + 1}` : v)));
}

/** Skills switched on in a `skills` value. */
export const selectedSkills = (raw: RawValue | undefined): string[] =>
  raw && typeof raw === "object" ? Object.entries(raw).filter(([, s]) => s.on).map(([skill]) => skill) : [];

export interface ServerErrors {
  fields: Record<string, string>;
  form: string | null;
}

const OPTION_FIELDS = new Set(["name", "group", "tags", "seeds", "pool", "project"]);

/**
 * Places the server's error on the field it names: `params.lr: 5 is above the
 * maximum 1` goes next to `lr`, `params.skills.editing: …` next to the skills,
 * `seeds: …` next to the seeds; anything else is shown above the buttons.
 */
export function placeServerError(message: string): ServerErrors {
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const part of splitIssues(message)) {
    const m = /^params\.([A-Za-z_][A-Za-z0-9_]*)(?:\.([^:]+))?: (.*)$/s.exec(part);
    const o = /^([a-z]+)(?:\.[^:]*)?: (.*)$/s.exec(part);
    if (m) fields[`param:${m[1]}`] = m[2] ? `${m[2]}: ${m[3]}` : m[3];
    else if (o && OPTION_FIELDS.has(o[1])) fields[`option:${o[1]}`] = o[2];
    else rest.push(part);
  }
  return { fields, form: rest.length ? rest.join("; ") : null };
}

/** The domain's "a: x; b: y", or tRPC's JSON list of zod issues, as "path: message" parts. */
function splitIssues(message: string): string[] {
  if (message.startsWith("[")) {
    try {
      const issues = JSON.parse(message) as { path?: (string | number)[]; message?: string }[];
      return issues.map((i) => `${(i.path ?? []).join(".") || "body"}: ${i.message ?? "invalid"}`);
    } catch {
      // Not JSON after all.
    }
  }
  return message.split("; ");
}
