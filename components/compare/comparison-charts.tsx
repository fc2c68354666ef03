"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { aggregateSeedCurves, type CurvePoint } from "@/server/compare/seed-curves";
import type { CompareTable } from "@/server/compare/table";
import { ComparisonChart } from "./comparison-chart";
import type { ComparisonLine } from "./comparison-rows";

interface Props {
  table: CompareTable;
  colors: Record<string, string>;
  live: boolean;
}

/**
 * Every skill's Pass@1 and every benchmark's Avg@k, the table's rows overlaid
 * in their colours (seed groups as a mean line with a min–max band). Hovering
 * one chart shows the same step in all of them.
 */
export function ComparisonCharts({ table, colors, live }: Props) {
  const trpc = useTRPC();
  const runIds = useMemo(() => table.rows.flatMap((r) => r.runIds), [table]);
  const skills = useMemo(() => table.columns.filter((c) => c.kind === "skill").map((c) => c.id), [table]);
  const benchmarks = useMemo(() => table.columns.filter((c) => c.kind === "benchmark").map((c) => c.id), [table]);
  const query = useQuery(
    trpc.compare.curves.queryOptions(
      { runIds, skills, benchmarks },
      { enabled: runIds.length > 0, placeholderData: keepPreviousData, refetchInterval: live ? 5000 : false },
    ),
  );
  const curves = query.data;

  const linesFor = useMemo(() => {
    return (pick: (c: NonNullable<typeof curves>[string]) => CurvePoint[] | undefined): ComparisonLine[] | undefined =>
      curves
        ? table.rows.map((r) => ({
            key: r.key,
            label: r.label,
            color: colors[r.key],
            seeds: r.runIds.length,
            points: aggregateSeedCurves(r.runIds.map((id) => (curves[id] ? (pick(curves[id]) ?? []) : []))),
          }))
        : undefined;
  }, [curves, table, colors]);

  const skillLines = useMemo(() => Object.fromEntries(skills.map((s) => [s, linesFor((c) => c.skills[s])])), [skills, linesFor]);
  const benchLines = useMemo(() => Object.fromEntries(benchmarks.map((b) => [b, linesFor((c) => c.benchmarks[b])])), [benchmarks, linesFor]);
  const benchFormat = table.isRate ? "percent" : "number";

  return (
    <div className="space-y-5">
      <Legend rows={table.rows.map((r) => ({ key: r.key, label: r.label, color: colors[r.key], seeds: r.runIds.length }))} />
      {skills.length > 0 && (
        <div className="space-y-2">
          <h3 className="text-sm font-medium text-slate-700">Atomic skills · training Pass@1</h3>
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-2 2xl:grid-cols-3" data-testid="compare-skill-charts">
            {skills.map((s) => (
              <ComparisonChart key={s} title={s} subtitle="Pass@1" lines={skillLines[s]} format="percent" testId={`compare-chart-skill-${s}`} />
            ))}
          </div>
        </div>
      )}
      {benchmarks.length > 0 && (
        <div className="space-y-2">
          <h3 className="text-sm font-medium text-slate-700">OOD benchmarks · Avg@k</h3>
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-2 2xl:grid-cols-3" data-testid="compare-benchmark-charts">
            {benchmarks.map((b) => (
              <ComparisonChart key={b} title={b} subtitle="Avg@k" lines={benchLines[b]} format={benchFormat} testId={`compare-chart-bench-${b}`} />
            ))}
          </div>
        </div>
      )}
      {query.isError && <p className="text-sm text-rose-600">Could not load the curves: {query.error.message}</p>}
    </div>
  );
}

function Legend({ rows }: { rows: { key: string; label: string; color: string; seeds: number }[] }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600" aria-label="Legend" data-testid="compare-legend">
      {rows.map((r) => (
        <li key={r.key} className="flex items-center gap-1.5">
          <span className="h-0.5 w-4 rounded" style={{ background: r.color }} aria-hidden />
          {r.label}
          {r.seeds > 1 && <span className="text-slate-400">(mean of {r.seeds} seeds, band = min–max)</span>}
        </li>
      ))}
    </ul>
  );
}
