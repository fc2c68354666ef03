import { formatPercent } from "@/components/format/numbers";

/** A Pass@1 value as a percentage over a thin bar, for the runs table. */
export function PassRateCell({ value }: { value: number | undefined }) {
  if (value == null) return <span className="text-slate-300">—</span>;
  const pct = Math.min(Math.max(value, 0), 1) * 100;
  return (
    <span className="inline-flex min-w-14 flex-col items-end gap-0.5">
      <span className="font-mono text-xs tabular-nums text-slate-800">{formatPercent(value)}</span>
      <span className="h-1 w-full overflow-hidden rounded-full bg-slate-100">
        <span className="block h-full rounded-full bg-indigo-400" style={{ width: `${pct}%` }} />
      </span>
    </span>
  );
}
