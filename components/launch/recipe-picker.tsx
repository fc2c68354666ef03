"use client";

import type { RecipeView } from "@/server/recipes/view";
import { ResourceChips } from "./resource-chips";

/** The recipes as cards to choose from: name, description, resources and pool. */
export function RecipePicker({ recipes, selected, onSelect }: { recipes: RecipeView[]; selected: string; onSelect: (name: string) => void }) {
  return (
    <div role="radiogroup" aria-label="Recipe" className="space-y-2" data-testid="recipe-picker">
      {recipes.map((r) => {
        const on = r.name === selected;
        return (
          <button
            key={r.name}
            type="button"
            role="radio"
            aria-checked={on}
            onClick={() => onSelect(r.name)}
            className={`block w-full rounded-xl border p-4 text-left shadow-sm transition-colors ${
              on ? "border-indigo-400 bg-indigo-50/60 ring-1 ring-indigo-300" : "border-slate-200 bg-white hover:border-slate-300 hover:bg-slate-50"
            }`}
            data-testid={`recipe-${r.name}`}
          >
            <span className="flex items-center justify-between gap-2">
              <span className="font-mono text-sm font-semibold text-slate-900">{r.name}</span>
              <span className={`h-3.5 w-3.5 shrink-0 rounded-full border-2 ${on ? "border-indigo-600 bg-indigo-600 ring-2 ring-inset ring-white" : "border-slate-300"}`} aria-hidden />
            </span>
            {r.description && <span className="mt-1 line-clamp-3 text-xs text-slate-600">{r.description}</span>}
            <span className="mt-2 block">
              <ResourceChips recipe={r} />
            </span>
          </button>
        );
      })}
    </div>
  );
}
