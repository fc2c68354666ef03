"use client";

import { memo, useDeferredValue, useMemo, useRef, useState } from "react";
import { Area, ComposedChart, Line, ResponsiveContainer, Tooltip } from "recharts";
import { axesForExtent } from "@/components/charts/chart-axes";
import { CHART_CURSOR, chartGridAndAxes, chartPlaceholder, DroppedPointsNote, rawAndSmoothedLines } from "@/components/charts/chart-frame";
import { useChartSettings } from "@/components/charts/chart-settings";
import { useRenderSlot } from "@/components/charts/use-render-slot";
import type { ValueFormat } from "@/components/charts/value-format";
import { useInView } from "@/components/common/use-in-view";
import { composeChartSvg, downloadBlob, fileSlug, svgDocSize, svgToPng } from "./chart-export";
import { ComparisonTooltip } from "./comparison-tooltip";
import { buildComparisonRows, syncToClosestX, type ComparisonLine } from "./comparison-rows";

interface Props {
  title: string;
  subtitle: string;
  /** One per run or configuration, in the page's colour order; undefined while loading. */
  lines: ComparisonLine[] | undefined;
  format?: ValueFormat;
  height?: number;
  testId?: string;
  /** Charts with the same id show the hovered step together. */
  syncId?: string;
  /** What the lines are (for the page's tests and readers of the DOM). */
  lineMode?: "rows" | "configurations" | "runs";
  /** Too many lines to read one by one: one thin line each (no faint raw line), bands fainter. */
  dense?: boolean;
}

/**
 * Several runs' curves of one metric in one chart: per line the smoothed mean
 * bold, the raw mean faint, and for seed groups the min–max band shaded.
 * Exports itself as SVG or PNG.
 */
export const ComparisonChart = memo(function ComparisonChart({ title, subtitle, lines, format = "percent", height = 220, testId, syncId = "compare", lineMode = "rows", dense = false }: Props) {
  const settings = useDeferredValue(useChartSettings());
  const { smoothing, xAxis, logY } = settings;
  const [ref, inView] = useInView<HTMLElement>();
  const plotRef = useRef<HTMLDivElement>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const built = useMemo(() => buildComparisonRows(lines ?? [], { smoothing, xAxis, logY }), [lines, smoothing, xAxis, logY]);
  const { rows, lines: plotted, extent, dropped } = built;
  const axes = useMemo(() => axesForExtent(extent, { xAxis, logY }), [extent, xAxis, logY]);
  const draw = useRenderSlot(inView && rows.length > 0);
  const seriesLines = plotted.map((l, i) =>
    dense
      ? [
          <Line
            key={`line-${l.key}`}
            dataKey={smoothing > 0 ? `s${i}` : `r${i}`}
            name={l.label}
            stroke={l.color}
            strokeWidth={l.seeds > 1 ? 1.75 : 1}
            strokeOpacity={l.seeds > 1 ? 1 : 0.7}
            dot={false}
            activeDot={false}
            isAnimationActive={false}
            connectNulls
          />,
        ]
      : rawAndSmoothedLines({ key: l.key, raw: `r${i}`, smoothed: `s${i}`, name: l.label, color: l.color, smoothing, dotRadius: l.points.length <= 12 ? 2.5 : undefined }),
  );
  const bands = plotted.filter((l) => l.seeds > 1).length;
  const hasData = (lines ?? []).some((l) => l.points.length > 0);

  const exportAs = async (kind: "svg" | "png") => {
    setExportError(null);
    const svg = plotRef.current?.querySelector("svg.recharts-surface");
    if (!svg) return;
    const box = svg.getBoundingClientRect();
    const doc = composeChartSvg({
      svg: svg.outerHTML,
      width: box.width,
      height: box.height,
      title,
      subtitle,
      legend: plotted.filter((l) => l.points.length).map((l) => ({ label: l.label, color: l.color })),
    });
    const name = `${fileSlug(`${title} ${subtitle}`)}.${kind}`;
    try {
      if (kind === "svg") downloadBlob(new Blob([doc], { type: "image/svg+xml" }), name);
      else {
        const { width, height: h } = svgDocSize(doc);
        downloadBlob(await svgToPng(doc, width, h), name);
      }
    } catch (e) {
      setExportError(e instanceof Error ? e.message : String(e));
    }
  };

  const placeholder = chartPlaceholder({ loading: lines === undefined, hasData, rows: rows.length, draw, xAxis, height, emptyText: "No run logged this" });
  const body = placeholder ?? (
    <div ref={plotRef} style={{ height }} data-chart-points={rows.length} data-lines={plotted.length} data-bands={bands} data-line-mode={lineMode}>
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 360, height }}>
        <ComposedChart data={rows} margin={{ top: 6, right: 16, bottom: 0, left: 0 }} syncId={syncId} syncMethod={syncToClosestX}>
          {chartGridAndAxes(axes, { xAxis, logY, format })}
          <Tooltip
            content={(p) => <ComparisonTooltip active={p.active} label={p.label} lines={plotted} xAxis={xAxis} format={format} smoothing={smoothing} />}
            cursor={CHART_CURSOR}
            isAnimationActive={false}
          />
          {plotted.map((l, i) =>
            l.seeds > 1 ? (
              <Area key={`b${l.key}`} dataKey={`b${i}`} stroke="none" fill={l.color} fillOpacity={dense ? 0.07 : 0.13} isAnimationActive={false} activeDot={false} connectNulls />
            ) : null,
          )}
          {/* Every raw line first, then every smoothed line, so no faint line draws over a bold one. */}
          {seriesLines.map((pair) => pair[0])}
          {seriesLines.map((pair) => pair[1] ?? null)}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );

  return (
    <figure ref={ref} className="group/chart min-w-0 rounded-lg border border-slate-200 bg-white p-3 shadow-sm" data-testid={testId} data-has-data={rows.length > 0 ? "true" : "false"}>
      <figcaption className="mb-1 flex items-baseline gap-2 text-xs">
        <span className="truncate font-medium text-slate-800" title={title}>
          {title}
        </span>
        <span className="text-slate-400">{subtitle}</span>
        {draw && rows.length > 0 && (
          <span className="ml-auto flex shrink-0 gap-1 opacity-60 transition-opacity group-hover/chart:opacity-100 focus-within:opacity-100">
            {(["svg", "png"] as const).map((kind) => (
              <button
                key={kind}
                type="button"
                onClick={() => exportAs(kind)}
                className="rounded border border-slate-200 px-1.5 py-0.5 font-medium uppercase text-slate-500 hover:bg-slate-50 hover:text-slate-800"
                title={`Download this chart as ${kind.toUpperCase()}`}
                data-testid={testId ? `${testId}-export-${kind}` : undefined}
              >
                {kind}
              </button>
            ))}
          </span>
        )}
      </figcaption>
      {body}
      <DroppedPointsNote dropped={dropped} rows={rows.length} />
      {exportError && <p className="mt-0.5 text-[11px] text-rose-600">{exportError}</p>}
    </figure>
  );
});
