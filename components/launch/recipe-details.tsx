"use client";

import { useState } from "react";
import type { RecipeView } from "@/server/recipes/view";
import { ResourceChips } from "./resource-chips";

/** The chosen recipe: name, file, description, resources, and the command it runs (folded). */
export function RecipeDetails({ recipe }: { recipe: RecipeView }) {
  const [open, setOpen] = useState(false);
  return (
    <section className="space-y-2 border-b border-slate-100 pb-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="font-mono text-lg font-semibold text-slate-900" data-testid="recipe-name">
          {recipe.name}
        </h2>
        <span className="font-mono text-xs text-slate-400">{recipe.file}</span>
      </div>
      {recipe.description && <p className="max-w-4xl text-sm text-slate-600">{recipe.description}</p>}
      <ResourceChips recipe={recipe} />
      <button type="button" onClick={() => setOpen((o) => !o)} aria-expanded={open} className="flex items-center gap-1.5 text-xs font-medium text-slate-500 hover:text-slate-800">
        <span className={`text-[9px] transition-transform ${open ? "rotate-90" : ""}`}>▶</span>
        Command
      </button>
      {open && (
        <pre className="overflow-x-auto rounded-lg bg-slate-900 px-4 py-3 font-mono text-[12px] leading-relaxed text-slate-100">
          {recipe.argv.map((a) => (/[\s"'$`\\]/.test(a) || a === "" ? JSON.stringify(a) : a)).join(" ")}
          {Object.keys(recipe.env).length > 0 && `\n\n# env\n${Object.entries(recipe.env).map(([k, v]) => `${k}=${v}`).join("\n")}`}
        </pre>
      )}
    </section>
  );
}
