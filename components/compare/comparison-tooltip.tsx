"use client";

import type { XAxisMode } from "@/components/charts/chart-settings";
import { formatXTick, formatYValue, type ValueFormat } from "@/components/charts/value-format";
import { pointAtOrBefore, type PlottedLine } from "./comparison-rows";

interface Props {
  active?: boolean;
  label?: unknown;
  lines: PlottedLine[];
  xAxis: XAxisMode;
  format: ValueFormat;
  smoothing: number;
}

/** Lines a hover card lists; the rest are counted. */
const MAX_TOOLTIP_LINES = 12;

/** Hover card: every line's value at the hovered x (or its latest point before it), highest first; the top few of many. */
export function ComparisonTooltip({ active, label, lines, xAxis, format, smoothing }: Props) {
  const x = Number(label);
  if (!active || !Number.isFinite(x)) return null;
  const entries = lines
    .map((l) => ({ line: l, p: pointAtOrBefore(l.points, x) }))
    .filter((e) => e.p)
    .map((e) => ({ ...e, v: smoothing > 0 && e.p!.smoothed != null ? e.p!.smoothed : e.p!.raw }))
    .sort((a, b) => b.v - a.v);
  if (!entries.length) return null;
  return (
    <div className="max-w-xs rounded-md border border-slate-200 bg-white/95 px-2.5 py-1.5 text-xs shadow-md backdrop-blur">
      <div className="mb-0.5 font-medium text-slate-500">{xAxis === "relative" ? formatXTick("relative")(x) : `step ${x.toLocaleString("en-US")}`}</div>
      {entries.slice(0, MAX_TOOLTIP_LINES).map(({ line, p, v }) => (
        <div key={line.key} className="flex items-center gap-1.5">
          <span className="h-2 w-2 shrink-0 rounded-full" style={{ background: line.color }} />
          <span className="truncate text-slate-600">{line.label}</span>
          {p!.step !== x && xAxis === "step" && <span className="text-[10px] text-slate-400">@{p!.step}</span>}
          <span className="ml-auto pl-3 font-mono tabular-nums text-slate-900">{formatYValue(format, v)}</span>
          {p!.band && (
            <span className="font-mono text-[10px] tabular-nums text-slate-400" title={p!.std != null ? `±1 std ${formatYValue(format, p!.std)}` : undefined}>
              {formatYValue(format, p!.band[0])}–{formatYValue(format, p!.band[1])}
            </span>
          )}
        </div>
      ))}
      {entries.length > MAX_TOOLTIP_LINES && <div className="mt-0.5 text-[10px] text-slate-400">and {entries.length - MAX_TOOLTIP_LINES} more below</div>}
    </div>
  );
}
