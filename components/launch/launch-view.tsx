"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { SignInNotice } from "@/components/auth/sign-in-notice";
import { useSession } from "@/components/auth/use-session";
import { useTRPC } from "@/components/providers/trpc";
import { compositeOnlyValues } from "@/server/recipes/ablation";
import type { RecipeView } from "@/server/recipes/view";
import type { RunView } from "@/server/runs/service";
import { placeServerError, plannedRunNames, selectedSkills } from "./launch-form-model";
import { LaunchPlan } from "./launch-plan";
import { ParamField } from "./param-field";
import { RecipeDetails } from "./recipe-details";
import { RecipePicker } from "./recipe-picker";
import { RunOptionsFields } from "./run-options-fields";
import { useLaunchForm, type Project } from "./use-launch-form";

/** `/launch`: pick a recipe, fill in its params and the run options, launch one run, seeds, or an ablation set. */
export function LaunchView({ recipes, projects, from, chosenProject }: { recipes: RecipeView[]; projects: Project[]; from: RunView | null; chosenProject?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const { signedIn, readOnly, known } = useSession();
  const form = useLaunchForm(recipes, projects, from, chosenProject);
  const workers = useQuery(trpc.jobs.workers.queryOptions(undefined, { staleTime: 10_000 }));
  const [pending, setPending] = useState<"single" | "ablation" | null>(null);
  const launch = useMutation(trpc.launches.launch.mutationOptions());

  if (!recipes.length) return <NoRecipes />;
  const { recipe } = form;
  const skillsParam = recipe && Object.entries(recipe.params).find(([, p]) => p.type === "skills")?.[0];
  const chosen = skillsParam ? selectedSkills(form.values[skillsParam]) : [];
  const baseName = form.options.name.trim() || form.recipeName;
  const single = plannedRunNames({ baseName, ablation: false, skills: chosen, seeds: form.seeds });
  const compositeOnly = recipe ? (compositeOnlyValues(recipe)?.values ?? []) : [];
  const ablation = skillsParam ? plannedRunNames({ baseName, ablation: true, skills: chosen, seeds: form.seeds, compositeOnly }) : null;
  const pools = [...new Set([...recipes.map((r) => r.pool), ...(workers.data ?? []).map((w) => w.pool)])].sort();
  const projectNames = [...new Set([...projects.map((p) => p.name), form.options.project])];
  const here = from ? `/launch?from=${encodeURIComponent(from.id)}` : "/launch";

  const onLaunch = async (asAblation: boolean) => {
    form.setAttempted(true);
    if (!form.valid) return;
    setPending(asAblation ? "ablation" : "single");
    try {
      const result = await launch.mutateAsync(form.request(asAblation));
      if (result.runs.length === 1 && !asAblation) router.push(`/runs/${encodeURIComponent(result.runs[0].id)}`);
      else router.push(`/?group=${encodeURIComponent(result.group ?? "")}`);
    } catch (e) {
      form.setServer(placeServerError((e as Error).message));
      setPending(null);
    }
  };

  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{from ? "Relaunch with changes" : "Launch"}</h1>
        <p className="text-sm text-slate-500">Pick a recipe and set its parameters. Runs wait in the queue of their pool until a worker there leases them.</p>
      </div>
      {known && !signedIn && <SignInNotice next={here} action="launching runs" readOnly={readOnly} />}
      {from && (
        <p className="rounded-lg border border-indigo-200 bg-indigo-50 px-4 py-2 text-sm text-indigo-900" data-testid="relaunch-banner">
          Starting from run{" "}
          <Link href={`/runs/${from.id}`} className="font-medium underline">
            {from.name}
          </Link>{" "}
          <span className="font-mono text-xs">({from.id})</span>: its recipe, params, group and tags are filled in; change what you need.
          {form.fromRecipeMissing && <span className="block text-amber-800">Its recipe “{from.recipe}” is not loaded any more; pick another.</span>}
        </p>
      )}
      <div className="grid gap-5 lg:grid-cols-[20rem_minmax(0,1fr)]">
        <RecipePicker recipes={recipes} selected={form.recipeName} onSelect={form.chooseRecipe} />
        {/* A viewer session can never launch: it reads the recipes, without a form to fill in for nothing. */}
        {recipe && readOnly && (
          <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
            <RecipeDetails recipe={recipe} />
          </section>
        )}
        {recipe && !readOnly && (
          <form className="space-y-5 rounded-xl border border-slate-200 bg-white p-5 shadow-sm" onSubmit={(e) => e.preventDefault()} noValidate data-testid="launch-form">
            <RecipeDetails recipe={recipe} />
            <section className="space-y-3">
              <h2 className="text-base font-semibold text-slate-900">Parameters</h2>
              {Object.keys(recipe.params).length === 0 ? (
                <p className="text-sm text-slate-500">This recipe takes no parameters.</p>
              ) : (
                <div className="grid gap-x-5 gap-y-4 sm:grid-cols-2">
                  {Object.entries(recipe.params)
                    .sort(([, a], [, b]) => Number(b.type === "skills") - Number(a.type === "skills"))
                    .map(([name, p]) => (
                      <ParamField key={name} name={name} param={p} value={form.values[name]} error={form.errors[`param:${name}`]} onChange={(v) => form.setValue(name, v)} />
                    ))}
                </div>
              )}
            </section>
            <section className="space-y-3">
              <h2 className="text-base font-semibold text-slate-900">Run</h2>
              <RunOptionsFields
                options={form.options}
                onChange={form.setOption}
                errors={form.errors}
                recipeName={form.recipeName}
                hasSeedParam={form.hasSeedParam}
                projects={projectNames}
                pools={pools}
              />
            </section>
            <LaunchPlan
              single={single}
              ablation={ablation}
              compositeOnly={compositeOnly}
              group={form.options.group.trim()}
              canLaunch={signedIn}
              pending={pending}
              onLaunch={onLaunch}
              formError={form.formError ?? (!form.valid && Object.keys(form.errors).length ? "Fix the fields marked in red." : null)}
            />
          </form>
        )}
      </div>
    </div>
  );
}

function NoRecipes() {
  return (
    <section className="rounded-xl border border-dashed border-slate-300 bg-white px-8 py-10" data-testid="no-recipes">
      <h1 className="text-lg font-semibold text-slate-900">No recipes loaded</h1>
      <p className="mt-1 max-w-3xl text-sm text-slate-600">
        A recipe is a YAML file in <code className="font-mono text-[12px]">recipes/</code> (or the folder named by{" "}
        <code className="font-mono text-[12px]">SKILLBOARD_RECIPES_DIR</code>): a name, an argv with <code className="font-mono text-[12px]">{"{{param}}"}</code>{" "}
        placeholders, typed params, resources and a pool. They are read when the server starts.
      </p>
    </section>
  );
}
