import type { ConfigDiff } from "@/server/compare/config-diff";

interface Props {
  diff: ConfigDiff;
  /** The table's rows, in order: a run, or a configuration whose `seed` keys list its seeds. */
  columns: { key: string; label: string; color: string; runs: number }[];
}

function show(v: unknown, present: boolean) {
  if (!present) return <span className="text-slate-300">—</span>;
  if (v === null) return <span className="text-slate-400">null</span>;
  if (typeof v === "string") return <span className="text-emerald-700">{v}</span>;
  if (typeof v === "number") return <span className="text-blue-700">{String(v)}</span>;
  if (typeof v === "boolean") return <span className="text-violet-700">{String(v)}</span>;
  return <span className="text-slate-500">{JSON.stringify(v)}</span>;
}

/** The config keys that differ between the compared rows: a row per dotted key, a column per run or configuration. */
export function ConfigDiffTable({ diff, columns }: Props) {
  if (columns.length < 2) {
    return (
      <p className="text-sm text-slate-500">
        {columns[0]?.runs > 1 ? "These runs share one configuration: they differ only in their seeds." : "Compare two or more runs to see how their configs differ."}
      </p>
    );
  }
  if (!diff.paths.length) return <p className="text-sm text-slate-500" data-testid="config-diff-none">The configs are identical.</p>;
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
      <table className="w-full border-collapse text-sm" data-testid="config-diff">
        <thead className="border-b border-slate-200 bg-slate-50">
          <tr>
            <th scope="col" className="px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              Key
            </th>
            {columns.map((c) => (
              <th key={c.key} scope="col" className="whitespace-nowrap px-3 py-2 text-left text-xs font-semibold text-slate-700">
                <span className="mr-1.5 inline-block h-2 w-2 rounded-full" style={{ background: c.color }} aria-hidden />
                {c.label}
                {c.runs > 1 && <span className="ml-1 font-normal text-slate-400">×{c.runs}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="font-mono text-[12.5px]">
          {diff.paths.map((p) => (
            <tr key={p} className="border-b border-slate-100 last:border-0" data-testid={`config-diff-${p}`}>
              <th scope="row" className="px-3 py-1.5 text-left font-normal text-slate-600">
                {p}
              </th>
              {diff.values.map((vals, i) => (
                <td key={columns[i].key} className="px-3 py-1.5">
                  {show(vals[p], Object.hasOwn(vals, p))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
