const STYLES = {
  slurm: "bg-sky-50 text-sky-700 ring-sky-200",
  ray: "bg-violet-50 text-violet-700 ring-violet-200",
  local: "bg-slate-50 text-slate-600 ring-slate-200",
} as const;

/** `slurm`, `ray` or `local`, as a small coloured label. */
export function PoolTypeBadge({ type }: { type: keyof typeof STYLES }) {
  return <span className={`rounded-md px-1.5 py-0.5 text-[11px] font-medium ring-1 ring-inset ${STYLES[type]}`}>{type}</span>;
}
