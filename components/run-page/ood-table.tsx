import { formatScore } from "@/components/format/numbers";
import { OodCell } from "./ood-cell";
import type { OodTableModel } from "./ood-table-model";

/** Rows = eval steps (newest first, highlighted), columns = benchmarks and their average. */
export function OodTable({ model }: { model: OodTableModel }) {
  const th = "px-3 py-2 text-xs font-semibold text-slate-500 whitespace-nowrap";
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
      <table className="w-full border-collapse text-sm" data-testid="ood-table">
        <thead className="border-b border-slate-200 bg-slate-50">
          <tr>
            <th scope="col" className={`${th} text-left uppercase tracking-wide`}>
              Step
            </th>
            {model.benchmarks.map((b) => (
              <th key={b} scope="col" className={`${th} text-right`} data-testid={`ood-col-${b}`}>
                {b}
              </th>
            ))}
            <th scope="col" className={`${th} border-l border-slate-200 text-right text-slate-700`} title="Mean of the benchmarks that have a value at this step">
              Average
            </th>
          </tr>
        </thead>
        <tbody>
          {model.rows.map((row, i) => {
            const latest = i === 0;
            const missing = model.benchmarks.length - row.averageOf;
            return (
              <tr
                key={row.step}
                data-testid={`ood-row-${row.step}`}
                data-latest={latest ? "true" : undefined}
                className={`border-b border-slate-100 last:border-0 ${latest ? "bg-indigo-50/70" : ""}`}
              >
                <th scope="row" className="px-3 py-2 text-left align-top font-mono text-sm font-normal tabular-nums text-slate-700">
                  {row.step.toLocaleString("en-US")}
                  {latest && <span className="ml-2 rounded bg-indigo-100 px-1.5 py-0.5 font-sans text-[10px] font-semibold uppercase tracking-wide text-indigo-700">latest</span>}
                </th>
                {model.benchmarks.map((b) => (
                  <OodCell key={b} cell={row.cells[b]} isRate={model.isRate} testId={`ood-cell-${row.step}-${b}`} />
                ))}
                <td
                  className="border-l border-slate-200 px-3 py-2 text-right align-top"
                  data-testid={`ood-average-${row.step}`}
                  data-value={row.average ?? undefined}
                >
                  <div className="font-mono text-sm font-semibold tabular-nums text-slate-900">
                    {row.average == null ? "—" : formatScore(row.average, model.isRate)}
                  </div>
                  {missing > 0 && row.average != null && (
                    <div className="text-[11px] text-slate-400">
                      over {row.averageOf} of {model.benchmarks.length}
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
