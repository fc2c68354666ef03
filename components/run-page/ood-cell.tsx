import { formatScore } from "@/components/format/numbers";
import type { OodCell as OodCellValue } from "./ood-table-model";

/** Avg@k with its spread underneath: `42.0%` over `38.0–46.0 · n=3`. */
export function OodCell({ cell, isRate, testId }: { cell: OodCellValue | undefined; isRate: boolean; testId: string }) {
  if (!cell) return <td className="px-3 py-2 text-right text-slate-300" data-testid={testId}>—</td>;
  const fmt = (v: number) => formatScore(v, isRate);
  const spread = cell.attempts == null ? null : cell;
  const title = spread
    ? `Avg@${spread.attempts} = ${fmt(spread.avg)} · min ${fmt(spread.min)} · max ${fmt(spread.max)} · σ ${fmt(spread.std)}`
    : `${fmt(cell.avg)}, logged directly (no attempts stored)`;
  return (
    <td className="px-3 py-2 text-right align-top" data-testid={testId} data-value={cell.avg} title={title}>
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
    </td>
  );
}
