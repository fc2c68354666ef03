"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { decodeLineCurves } from "@/server/compare/line-codec";
import type { CompareConfiguration } from "@/server/compare/load";
import type { LineCurves } from "@/server/compare/line-curves";
import type { CompareTable } from "@/server/compare/table";
import { MAX_READABLE_LINES, planChartLines, type ChartLineSpec } from "./chart-lines";
import { ComparisonChart } from "./comparison-chart";
import type { ComparisonLine } from "./comparison-rows";

interface Props {
  /** The comparison's runs, as the table was asked for them. */
  target: { runs?: string[]; group?: string; project?: string };
  table: CompareTable;
  configurations: CompareConfiguration[];
  runNames: Record<string, string>;
  colors: Record<string, string>;
  live: boolean;
  /** Every run its own line (`curves=runs`), instead of the rows or a mean ± band per configuration. */
  allRuns: boolean;
  onAllRuns: (allRuns: boolean) => void;
}

/**
 * Every skill's Pass@1 and every benchmark's Avg@k, the table's rows overlaid
 * in their colours (seed groups as a mean line with a min–max band). Many
 * rows fold into one mean ± band line per configuration, unless all runs are
 * asked for. The lines come folded and down-sampled from the server.
 * Hovering one chart shows the same step in all of them.
 */
export function ComparisonCharts({ target, table, configurations, runNames, colors, live, allRuns, onAllRuns }: Props) {
  const trpc = useTRPC();
  const plan = useMemo(() => planChartLines({ rows: table.rows, configurations, runNames, colors, allRuns }), [table, configurations, runNames, colors, allRuns]);
  const skills = useMemo(() => table.columns.filter((c) => c.kind === "skill").map((c) => c.id), [table]);
  const benchmarks = useMemo(() => table.columns.filter((c) => c.kind === "benchmark").map((c) => c.id), [table]);
  // The server folds the same runs the same way: one line per configuration, or (when no line folds several) per run.
  const lines = plan.lines.every((l) => l.runIds.length === 1) ? "runs" : "configurations";
  const query = useQuery(
    trpc.compare.lineCurves.queryOptions(
      { ...target, lines, skills, benchmarks },
      { enabled: plan.lines.length > 0, placeholderData: keepPreviousData, refetchInterval: live ? 5000 : false, select: decodeLineCurves },
    ),
  );
  // Data of another set of lines (kept while the new one loads) reads as loading, not as empty charts.
  const curves = query.data && plan.lines.every((l) => query.data[l.key]) ? query.data : undefined;

  const linesFor = useMemo(() => {
    return (pick: (c: LineCurves) => LineCurves["skills"], name: string): ComparisonLine[] | undefined =>
      curves
        ? plan.lines.map((l) => ({ key: l.key, label: l.label, color: l.color, seeds: l.runIds.length, points: pick(curves[l.key])[name] ?? [] }))
        : undefined;
  }, [curves, plan]);

  const skillLines = useMemo(() => Object.fromEntries(skills.map((s) => [s, linesFor((c) => c.skills, s)])), [skills, linesFor]);
  const benchLines = useMemo(() => Object.fromEntries(benchmarks.map((b) => [b, linesFor((c) => c.benchmarks, b)])), [benchmarks, linesFor]);
  const benchFormat = table.isRate ? "percent" : "number";
  const chartProps = { lineMode: plan.mode, dense: plan.lines.length > MAX_READABLE_LINES };

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-start gap-x-6 gap-y-2">
        <Legend lines={plan.mode === "runs" ? planChartLines({ rows: table.rows, configurations, runNames, colors, allRuns: false }).lines : plan.lines} />
        {plan.canShowAll && (
          <label className="ml-auto flex shrink-0 cursor-pointer items-center gap-2 text-sm text-slate-600">
            <input type="checkbox" checked={allRuns} onChange={(e) => onAllRuns(e.target.checked)} className="h-4 w-4 accent-indigo-600" data-testid="compare-show-all-runs" />
            Show all runs
          </label>
        )}
      </div>
      {plan.mode === "configurations" && (
        <p className="text-xs text-slate-500" data-testid="compare-lines-summarised">
          {table.rows.length} rows are more than {MAX_READABLE_LINES} readable lines: each configuration is drawn as the mean of its runs with a min–max band.
        </p>
      )}
      {plan.mode === "runs" && (
        <p className="text-xs text-slate-500" data-testid="compare-lines-all-runs">
          Every run is its own line ({plan.lines.length}), in its row&apos;s colour; fewer points per line the more lines there are.
        </p>
      )}
      {skills.length > 0 && (
        <div className="space-y-2">
          <h3 className="text-sm font-medium text-slate-700">Atomic skills · training Pass@1</h3>
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-2 2xl:grid-cols-3" data-testid="compare-skill-charts">
            {skills.map((s) => (
              <ComparisonChart key={s} title={s} subtitle="Pass@1" lines={skillLines[s]} format="percent" testId={`compare-chart-skill-${s}`} {...chartProps} />
            ))}
          </div>
        </div>
      )}
      {benchmarks.length > 0 && (
        <div className="space-y-2">
          <h3 className="text-sm font-medium text-slate-700">OOD benchmarks · Avg@k</h3>
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-2 2xl:grid-cols-3" data-testid="compare-benchmark-charts">
            {benchmarks.map((b) => (
              <ComparisonChart key={b} title={b} subtitle="Avg@k" lines={benchLines[b]} format={benchFormat} testId={`compare-chart-bench-${b}`} {...chartProps} />
            ))}
          </div>
        </div>
      )}
      {query.isError && <p className="text-sm text-rose-600">Could not load the curves: {query.error.message}</p>}
    </div>
  );
}

function Legend({ lines }: { lines: ChartLineSpec[] }) {
  const many = lines.length > MAX_READABLE_LINES;
  const folded = lines.some((l) => l.runIds.length > 1);
  return (
    <div className="min-w-0 flex-1 space-y-1">
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600" aria-label="Legend" data-testid="compare-legend">
        {lines.map((l) => (
          <li key={l.key} className="flex items-center gap-1.5">
            <span className="h-0.5 w-4 rounded" style={{ background: l.color }} aria-hidden />
            {l.label}
            {l.runIds.length > 1 &&
              (many ? <span className="text-slate-400">×{l.runIds.length}</span> : <span className="text-slate-400">(mean of {l.runIds.length} seeds, band = min–max)</span>)}
          </li>
        ))}
      </ul>
      {many && folded && <p className="text-[11px] text-slate-400">×N: mean of N seeds, band = min–max.</p>}
    </div>
  );
}
