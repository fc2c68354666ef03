"use client";

/** A compact labelled select for a filter bar; the empty value means "any". */
export function FilterSelect({
  label,
  value,
  options,
  onChange,
  anyLabel = "Any",
  testId,
  counts,
}: {
  label: string;
  value: string;
  options: string[];
  onChange: (value: string) => void;
  anyLabel?: string;
  testId?: string;
  /** Runs per option, shown beside it. */
  counts?: Record<string, number>;
}) {
  const all = value && !options.includes(value) ? [value, ...options] : options;
  return (
    <label className="flex items-center gap-1.5 text-sm">
      <span className="text-slate-500">{label}</span>
      <select
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
        className={`h-8 max-w-44 rounded-md border bg-white pl-2 pr-7 text-sm shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20 ${
          value ? "border-indigo-300 text-indigo-800" : "border-slate-300 text-slate-700"
        }`}
      >
        <option value="">{anyLabel}</option>
        {all.map((o) => (
          <option key={o} value={o}>
            {counts?.[o] != null ? `${o} (${counts[o].toLocaleString("en-US")})` : o}
          </option>
        ))}
      </select>
    </label>
  );
}
