/** A run's tags as small chips; `onSelect` makes each chip a filter button. */
export function TagList({ tags, onSelect, max, nowrap }: { tags: string[]; onSelect?: (tag: string) => void; max?: number; nowrap?: boolean }) {
  if (!tags.length) return <span className="text-slate-300">—</span>;
  const shown = max ? tags.slice(0, max) : tags;
  const chip = "rounded-md bg-slate-100 px-1.5 py-0.5 text-[11px] font-medium text-slate-600 ring-1 ring-inset ring-slate-200";
  return (
    <span className={`flex gap-1 ${nowrap ? "flex-nowrap whitespace-nowrap" : "flex-wrap"}`}>
      {shown.map((t) =>
        onSelect ? (
          <button
            key={t}
            type="button"
            className={`${chip} hover:bg-indigo-50 hover:text-indigo-700 hover:ring-indigo-200`}
            onClick={(e) => {
              e.stopPropagation();
              onSelect(t);
            }}
            title={`Show runs tagged ${t}`}
          >
            {t}
          </button>
        ) : (
          <span key={t} className={chip}>
            {t}
          </span>
        ),
      )}
      {max && tags.length > max && <span className="text-[11px] text-slate-400" title={tags.slice(max).join(", ")}>+{tags.length - max}</span>}
    </span>
  );
}
