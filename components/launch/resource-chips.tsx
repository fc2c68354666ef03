import type { RecipeView } from "@/server/recipes/view";

/** What a recipe asks for: GPUs (and CPUs, memory, time where given), retries and its default pool. */
export function ResourceChips({ recipe }: { recipe: RecipeView }) {
  const r = recipe.resources;
  const chips = [
    r.gpus ? `${r.gpus} GPU${r.gpus === 1 ? "" : "s"}` : "CPU only",
    r.nodes && r.nodes > 1 ? `${r.nodes} nodes` : null,
    r.cpus ? `${r.cpus} CPUs` : null,
    r.memory ? `${r.memory} memory` : null,
    r.timeLimit ? `${r.timeLimit} limit` : null,
    recipe.retry.maxAttempts > 1 ? `up to ${recipe.retry.maxAttempts} attempts` : null,
    `pool ${recipe.pool}`,
  ].filter(Boolean);
  return (
    <span className="flex flex-wrap gap-1">
      {chips.map((c) => (
        <span key={c} className="rounded-md bg-white px-1.5 py-0.5 text-[11px] font-medium text-slate-600 ring-1 ring-inset ring-slate-200">
          {c}
        </span>
      ))}
    </span>
  );
}
