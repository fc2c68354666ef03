/** Shown when runs exist but none passes the current filters. */
export function NoMatchingRuns({ total, onClear }: { total: number; onClear: () => void }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-6 py-12 text-center shadow-sm" data-testid="runs-no-match">
      <p className="font-medium text-slate-800">No runs match these filters</p>
      <p className="mt-1 text-sm text-slate-500">
        {total} run{total === 1 ? "" : "s"} hidden by the search or filters above.
      </p>
      <button
        type="button"
        onClick={onClear}
        className="mt-4 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50"
      >
        Clear filters
      </button>
    </div>
  );
}
