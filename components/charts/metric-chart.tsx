"use client";

import { memo, useDeferredValue, useMemo } from "react";
import { useInView } from "@/components/common/use-in-view";
import { Area, ComposedChart, ResponsiveContainer, Tooltip } from "recharts";
import { chartAxes } from "./chart-axes";
import { buildChartRows, type SeriesPoint } from "./chart-rows";
import { useChartSettings } from "./chart-settings";
import { ChartTooltip } from "./chart-tooltip";
import { CHART_CURSOR, chartGridAndAxes, chartPlaceholder, DroppedPointsNote, rawAndSmoothedLines } from "./chart-frame";
import { useRenderSlot } from "./use-render-slot";
import { formatYValue, type ValueFormat } from "./value-format";

interface Props {
  title: string;
  /** Already down-sampled series (≤ 1,000 points); undefined while loading. */
  points: SeriesPoint[] | undefined;
  color: string;
  format?: ValueFormat;
  height?: number;
  testId?: string;
  subtitle?: string;
}

/**
 * One scalar over steps or wall time: the EMA-smoothed line bold, the raw line
 * faint behind it, and the min–max band of down-sampled buckets shaded. Only
 * charts on (or near) the screen draw their SVG.
 */
export const MetricChart = memo(function MetricChart({ title, points, color, format = "number", height = 180, testId, subtitle }: Props) {
  // Deferred: dragging the smoothing slider stays smooth while charts catch up.
  const settings = useDeferredValue(useChartSettings());
  const { smoothing, xAxis, logY } = settings;
  const [ref, inView] = useInView<HTMLElement>();
  const { rows, downsampled, dropped } = useMemo(
    () => buildChartRows(points ?? [], { smoothing, xAxis, logY }),
    [points, smoothing, xAxis, logY],
  );
  const axes = useMemo(() => chartAxes(rows, { xAxis, logY }), [rows, xAxis, logY]);
  const draw = useRenderSlot(inView && rows.length > 0);
  const latest = points?.length ? points.reduce((a, b) => (b.step >= a.step ? b : a)) : undefined;

  const placeholder = chartPlaceholder({ loading: points === undefined, hasData: Boolean(points?.length), rows: rows.length, draw, xAxis, height, emptyText: "No data yet" });
  const body = placeholder ?? (
    <div style={{ height }} data-chart-points={rows.length}>
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 320, height }}>
        <ComposedChart data={rows} margin={{ top: 6, right: 16, bottom: 0, left: 0 }}>
          {chartGridAndAxes(axes, { xAxis, logY, format })}
          <Tooltip
            content={(p) => <ChartTooltip active={p.active} payload={p.payload} xAxis={xAxis} format={format} smoothing={smoothing} color={color} />}
            cursor={CHART_CURSOR}
            isAnimationActive={false}
          />
          {downsampled && (
            <Area dataKey="band" stroke="none" fill={color} fillOpacity={0.12} isAnimationActive={false} activeDot={false} />
          )}
          {rawAndSmoothedLines({ key: "series", raw: "raw", smoothed: "smoothed", color, smoothing, dotRadius: rows.length === 1 ? 3 : undefined })}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );

  return (
    <figure ref={ref} className="min-w-0" data-testid={testId} data-has-data={rows.length > 0 ? "true" : "false"}>
      <figcaption className="mb-1 flex items-baseline gap-2 text-xs">
        <span className="truncate font-medium text-slate-700" title={title}>
          {title}
        </span>
        {subtitle && <span className="text-slate-400">{subtitle}</span>}
        {latest && (
          <span className="ml-auto shrink-0 font-mono tabular-nums text-slate-500" title={`latest, step ${latest.step}`}>
            {formatYValue(format, latest.value)}
          </span>
        )}
      </figcaption>
      {body}
      <DroppedPointsNote dropped={dropped} rows={rows.length} />
    </figure>
  );
});
