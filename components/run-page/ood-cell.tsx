import { formatScore } from "@/components/format/numbers";
import type { OodCell as OodCellValue, ReportedAvg } from "./ood-table-model";

const reportedTitle = (r: ReportedAvg, fmt: (v: number) => string) =>
  `Avg@${r.samples ?? "N"} = ${fmt(r.value)}, reported by the trainer as ${r.key} (no per-attempt scores)`;

/** The small "reported" mark of a mean the trainer computed itself; its tooltip names the raw key. */
function ReportedBadge({ title, testId }: { title: string; testId: string }) {
  return (
    <span
      className="ml-1 cursor-help rounded bg-amber-50 px-1 py-px font-sans text-[10px] font-medium text-amber-700 ring-1 ring-amber-200"
      title={title}
      tabIndex={0}
      aria-label={title}
      data-testid={testId}
    >
      reported
    </span>
  );
}

/** Avg@k with its spread underneath: `42.0%` over `38.0–46.0 · n=3`; a mean reported by the trainer is marked as such. */
export function OodCell({ cell, isRate, testId }: { cell: OodCellValue | undefined; isRate: boolean; testId: string }) {
  if (!cell) return <td className="px-3 py-2 text-right text-slate-300" data-testid={testId}>—</td>;
  const fmt = (v: number) => formatScore(v, isRate);
  const spread = cell.attempts == null ? null : cell;
  const reported = cell.reported;
  if (cell.onlyReported && reported) {
    const title = reportedTitle(reported, fmt);
    return (
      <td className="px-3 py-2 text-right align-top" data-testid={testId} data-value={cell.avg} data-source="reported" title={title}>
        <div className="font-mono text-sm tabular-nums text-slate-900">{fmt(cell.avg)}</div>
        <div className="font-mono text-[11px] tabular-nums text-slate-400">
          Avg@{reported.samples ?? "N"}
          <ReportedBadge title={title} testId={`${testId}-reported`} />
        </div>
      </td>
    );
  }
  const title = spread
    ? `Avg@${spread.attempts} = ${fmt(spread.avg)} · min ${fmt(spread.min)} · max ${fmt(spread.max)} · σ ${fmt(spread.std)}`
    : `${fmt(cell.avg)}, logged directly (no attempts stored)`;
  return (
    <td className="px-3 py-2 text-right align-top" data-testid={testId} data-value={cell.avg} data-source={spread ? "attempts" : "logged"} title={title}>
      <div className="font-mono text-sm tabular-nums text-slate-900">{fmt(cell.avg)}</div>
      <div className="font-mono text-[11px] tabular-nums text-slate-400">
        {spread ? (
          <>
            {isRate ? `${(spread.min * 100).toFixed(1)}–${(spread.max * 100).toFixed(1)}` : `${fmt(spread.min)}–${fmt(spread.max)}`} · n={spread.attempts}
          </>
        ) : (
          "logged"
        )}
      </div>
      {reported && (
        <div className="font-mono text-[11px] tabular-nums text-slate-500" data-testid={`${testId}-beside`} data-value={reported.value}>
          {fmt(reported.value)}
          <ReportedBadge title={reportedTitle(reported, fmt)} testId={`${testId}-reported`} />
        </div>
      )}
    </td>
  );
}
