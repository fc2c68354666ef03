"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { PoolTypeBadge } from "./pool-type-badge";

/**
 * The pools a recipe can be launched on, as choices under the launch form's
 * pool field: "slurm: a100 (Slurm partition a100)", the recipe's own pool
 * first; a pool whose limits the recipe's resources exceed is shown disabled,
 * with why.
 */
export function PoolChoices({ recipe, value, onPick, disabled }: { recipe: string; value: string; onPick: (pool: string) => void; disabled?: boolean }) {
  const trpc = useTRPC();
  const { data: pools } = useQuery(trpc.pools.forRecipe.queryOptions({ recipe }, { staleTime: 30_000 }));
  if (!pools || pools.length < 2) return null;
  return (
    <ul className="mt-2 flex flex-wrap gap-1.5" aria-label="Pools for this recipe" data-testid="pool-choices">
      {pools.map((p) => {
        const selected = p.name === value.trim();
        return (
          <li key={p.name}>
            <button
              type="button"
              disabled={disabled || !p.fits}
              onClick={() => onPick(p.name)}
              title={p.fits ? `${p.target}${p.description ? ` — ${p.description}` : ""}` : `Does not fit: ${p.why}`}
              aria-pressed={selected}
              data-pool={p.name}
              className={`flex items-center gap-1.5 rounded-lg border px-2 py-1 text-xs ${
                selected ? "border-indigo-400 bg-indigo-50 text-indigo-900" : "border-slate-200 bg-white text-slate-700 hover:border-slate-300"
              } disabled:cursor-not-allowed disabled:opacity-50`}
            >
              <PoolTypeBadge type={p.type} />
              <span className="font-mono">{p.name}</span>
              {p.isDefault && <span className="text-slate-400">(recipe's)</span>}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
