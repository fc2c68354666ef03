"use client";

import type { ChartRow } from "./chart-rows";
import type { XAxisMode } from "./chart-settings";
import { formatXTick, formatYValue, type ValueFormat } from "./value-format";

interface Props {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: unknown }>;
  xAxis: XAxisMode;
  format: ValueFormat;
  smoothing: number;
  color: string;
}

/** Hover card: step (and time), smoothed and raw value, and the bucket's range when down-sampled. */
export function ChartTooltip({ active, payload, xAxis, format, smoothing, color }: Props) {
  const row = payload?.[0]?.payload as ChartRow | undefined;
  if (!active || !row) return null;
  return (
    <div className="rounded-md border border-slate-200 bg-white/95 px-2.5 py-1.5 text-xs shadow-md backdrop-blur">
      <div className="mb-0.5 font-medium text-slate-500">
        step {row.step.toLocaleString("en-US")}
        {xAxis === "relative" && <span> · {formatXTick("relative")(row.x)}</span>}
      </div>
      {smoothing > 0 && (
        <div className="flex items-center gap-1.5">
          <span className="h-2 w-2 rounded-full" style={{ background: color }} />
          <span className="text-slate-500">smoothed</span>
          <span className="ml-auto font-mono tabular-nums text-slate-900">{formatYValue(format, row.smoothed)}</span>
        </div>
      )}
      <div className="flex items-center gap-1.5">
        <span className="h-2 w-2 rounded-full opacity-40" style={{ background: color }} />
        <span className="text-slate-500">{smoothing > 0 ? "raw" : "value"}</span>
        <span className="ml-auto pl-3 font-mono tabular-nums text-slate-900">{formatYValue(format, row.raw)}</span>
      </div>
      {row.band && row.band[0] !== row.band[1] && (
        <div className="text-slate-400">
          range {formatYValue(format, row.band[0])} – {formatYValue(format, row.band[1])}
        </div>
      )}
    </div>
  );
}
