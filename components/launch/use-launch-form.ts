"use client";

import { useMemo, useState } from "react";
import { DEFAULT_PROJECT, DEFAULT_SKILLS } from "@/server/projects/defaults";
import type { RecipeView } from "@/server/recipes/view";
import type { RunView } from "@/server/runs/service";
import {
  initialValue,
  initialValues,
  parseTags,
  readParams,
  readSeeds,
  type FormValues,
  type RawValue,
  type RunOptions,
  type ServerErrors,
  type SkillsValue,
} from "./launch-form-model";

export interface Project {
  name: string;
  skills: string[];
}

/** Tags the launcher adds itself to the runs of an ablation set; a relaunch does not copy them. */
const isAblationTag = (t: string) => t === "joint" || t === "composite-only" || t.startsWith("only-");

const skillsOf = (projects: Project[], name: string) => projects.find((p) => p.name === name)?.skills ?? DEFAULT_SKILLS;

function startOptions(recipe: RecipeView | undefined, from: RunView | null, projects: Project[], chosenProject?: string): RunOptions {
  const fallback = projects.some((p) => p.name === DEFAULT_PROJECT) ? DEFAULT_PROJECT : (projects[0]?.name ?? DEFAULT_PROJECT);
  // A relaunch stays in its run's project; otherwise the project chosen in the header.
  const project = from?.project ?? (chosenProject || fallback);
  return {
    name: from?.name ?? "",
    group: from?.group ?? "",
    tags: from ? from.tags.filter((t) => !isAblationTag(t)).join(", ") : "",
    seeds: "",
    pool: from?.pool ?? recipe?.pool ?? "local",
    project,
  };
}

/**
 * The launch form's state: the chosen recipe, its param values (from the
 * recipe's defaults, or a relaunched run's config), run options, which fields
 * were edited (their errors show as you type; all show after a launch attempt)
 * and the server's errors placed on fields.
 */
export function useLaunchForm(recipes: RecipeView[], projects: Project[], from: RunView | null, chosenProject?: string) {
  const fromRecipe = from?.recipe ? recipes.find((r) => r.name === from.recipe) : undefined;
  const [recipeName, setRecipeName] = useState(fromRecipe?.name ?? recipes[0]?.name ?? "");
  const recipe = recipes.find((r) => r.name === recipeName);
  const [options, setOptions] = useState<RunOptions>(() => startOptions(fromRecipe ?? recipe, from, projects, chosenProject));
  const skills = skillsOf(projects, options.project);
  const [values, setValues] = useState<FormValues>(() => (recipe ? initialValues(recipe.params, skills, fromRecipe ? from?.config : undefined) : {}));
  const [edited, setEdited] = useState<Set<string>>(new Set());
  const [attempted, setAttempted] = useState(false);
  const [server, setServer] = useState<ServerErrors>({ fields: {}, form: null });

  const clearServer = (key: string) =>
    setServer((s) => (key in s.fields || s.form ? { fields: Object.fromEntries(Object.entries(s.fields).filter(([k]) => k !== key)), form: null } : s));

  const chooseRecipe = (name: string) => {
    const next = recipes.find((r) => r.name === name);
    if (!next || name === recipeName) return;
    setRecipeName(name);
    setValues(initialValues(next.params, skills));
    setOptions((o) => ({ ...o, pool: next.pool }));
    setEdited(new Set());
    setAttempted(false);
    setServer({ fields: {}, form: null });
  };

  const setValue = (name: string, value: RawValue) => {
    setValues((v) => ({ ...v, [name]: value }));
    setEdited((e) => new Set(e).add(`param:${name}`));
    clearServer(`param:${name}`);
  };

  const setOption = <K extends keyof RunOptions>(key: K, value: RunOptions[K]) => {
    setOptions((o) => ({ ...o, [key]: value }));
    setEdited((e) => new Set(e).add(`option:${key}`));
    clearServer(`option:${key}`);
    if (key === "project" && recipe) {
      // The skills param lists the new project's skills, keeping the choices for skills both share.
      const nextSkills = skillsOf(projects, value as string);
      setValues((v) =>
        Object.fromEntries(
          Object.entries(recipe.params).map(([name, p]) => {
            if (p.type !== "skills") return [name, v[name]];
            const fresh = initialValue(p, nextSkills, undefined) as SkillsValue;
            const old = v[name] as SkillsValue;
            return [name, Object.fromEntries(Object.entries(fresh).map(([s, d]) => [s, old?.[s] ?? d]))];
          }),
        ),
      );
    }
  };

  const read = useMemo(() => (recipe ? readParams(recipe.params, values) : { params: {}, errors: {} }), [recipe, values]);
  const seeds = readSeeds(options.seeds);
  const hasSeedParam = recipe?.params.seed?.type === "int";

  /** Errors to show now: the server's, then client checks of edited fields (all fields after an attempt). */
  const errors: Record<string, string> = {};
  for (const [name, msg] of Object.entries(read.errors)) if (attempted || edited.has(`param:${name}`)) errors[`param:${name}`] = msg;
  if (seeds.error && (attempted || edited.has("option:seeds"))) errors["option:seeds"] = seeds.error;
  Object.assign(errors, server.fields);

  const valid = Object.keys(read.errors).length === 0 && !seeds.error;

  /** The launch request for the form as it stands. */
  const request = (ablationSet: boolean) => ({
    recipe: recipeName,
    params: read.params,
    project: options.project || undefined,
    pool: options.pool.trim() || undefined,
    name: options.name.trim() || undefined,
    group: options.group.trim() || undefined,
    tags: parseTags(options.tags).length ? parseTags(options.tags) : undefined,
    seeds: hasSeedParam ? seeds.seeds : undefined,
    ablationSet: ablationSet || undefined,
  });

  return {
    recipe,
    recipeName,
    chooseRecipe,
    values,
    setValue,
    options,
    setOption,
    skills,
    errors,
    formError: server.form,
    setServer,
    setAttempted,
    valid,
    seeds: seeds.seeds,
    hasSeedParam,
    request,
    fromRecipeMissing: Boolean(from?.recipe && !fromRecipe),
  };
}
