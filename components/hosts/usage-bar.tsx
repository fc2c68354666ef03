/** A thin horizontal bar for a share in [0, 1], amber past 80 % and red past 95 %. */
export function UsageBar({ value, label, detail, testId }: { value: number; label: string; detail: string; testId?: string }) {
  const share = Math.max(0, Math.min(1, Number.isFinite(value) ? value : 0));
  const color = share > 0.95 ? "bg-red-500" : share > 0.8 ? "bg-amber-500" : "bg-indigo-500";
  return (
    <div className="min-w-0" data-testid={testId}>
      <div className="flex items-baseline justify-between gap-2 text-[11px]">
        <span className="text-slate-400">{label}</span>
        <span className="font-mono tabular-nums text-slate-600">{detail}</span>
      </div>
      <div
        className="mt-0.5 h-1.5 overflow-hidden rounded-full bg-slate-100"
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(share * 100)}
      >
        <div className={`h-full rounded-full ${color} transition-[width] duration-500`} style={{ width: `${share * 100}%` }} />
      </div>
    </div>
  );
}
