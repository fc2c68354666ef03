import type { ReactNode } from "react";
import { CartesianGrid, Line, XAxis, YAxis } from "recharts";
import type { ChartAxes } from "./chart-axes";
import { ChartMessage } from "./chart-message";
import type { XAxisMode } from "./chart-settings";
import { formatXTick, formatYTick, type ValueFormat } from "./value-format";

const noGridLines = () => [];

/**
 * The grid and both axes every scalar chart draws, as elements (recharts reads its
 * children's types, so these are returned, not wrapped in a component). Ticks are
 * computed up front (interval 0): recharts then never measures labels to thin them.
 */
export function chartGridAndAxes(axes: ChartAxes, opts: { xAxis: XAxisMode; logY: boolean; format: ValueFormat }): ReactNode[] {
  return [
    <CartesianGrid key="grid" stroke="#e2e8f0" strokeDasharray="3 3" vertical={false} verticalCoordinatesGenerator={noGridLines} />,
    <XAxis
      key="x"
      dataKey="x"
      type="number"
      domain={axes.xDomain}
      ticks={axes.xTicks}
      interval={0}
      tickFormatter={formatXTick(opts.xAxis)}
      tick={{ fontSize: 10, fill: "#64748b" }}
      tickLine={false}
      axisLine={{ stroke: "#cbd5e1" }}
    />,
    <YAxis
      key="y"
      scale={opts.logY ? "log" : "linear"}
      domain={axes.yDomain ?? ["auto", "auto"]}
      ticks={axes.yTicks}
      interval={0}
      allowDataOverflow={false}
      tickFormatter={formatYTick(opts.format)}
      tick={{ fontSize: 10, fill: "#64748b" }}
      tickLine={false}
      axisLine={false}
      width={44}
    />,
  ];
}

export const CHART_CURSOR = { stroke: "#94a3b8", strokeDasharray: "3 3" };

/**
 * What a chart shows instead of its plot, or null when it plots: loading, nothing
 * logged, nothing drawable on this axis, or a grey box while waiting for its render slot.
 */
export function chartPlaceholder(s: { loading: boolean; hasData: boolean; rows: number; draw: boolean; xAxis: XAxisMode; height: number; emptyText: string }): ReactNode | null {
  if (s.loading) return <ChartMessage height={s.height}>Loading…</ChartMessage>;
  if (!s.hasData) return <ChartMessage height={s.height}>{s.emptyText}</ChartMessage>;
  if (s.rows === 0)
    return <ChartMessage height={s.height}>{s.xAxis === "relative" ? "No wall time recorded" : "No positive values for a log axis"}</ChartMessage>;
  if (!s.draw) return <div className="rounded-md bg-slate-50" style={{ height: s.height }} aria-hidden />;
  return null;
}

/** The footnote under a chart whose points do not fit the axis (no wall time, or ≤ 0 on a log axis). */
export function DroppedPointsNote({ dropped, rows }: { dropped: number; rows: number }) {
  if (dropped <= 0 || rows === 0) return null;
  return (
    <p className="mt-0.5 text-[10px] text-slate-400">
      {dropped} point{dropped === 1 ? "" : "s"} not shown on this axis
    </p>
  );
}

/**
 * One series' lines, as elements: the raw line (faint behind the smoothed one when
 * smoothing is on, as W&B and TensorBoard draw it) and the EMA-smoothed line.
 */
export function rawAndSmoothedLines(l: { key: string; raw: string; smoothed: string; color: string; smoothing: number; name?: string; dotRadius?: number }): ReactNode[] {
  const smoothed = l.smoothing > 0;
  const lines = [
    <Line
      key={`raw-${l.key}`}
      dataKey={l.raw}
      name={l.name}
      stroke={l.color}
      strokeOpacity={smoothed ? 0.28 : 1}
      strokeWidth={smoothed ? 1 : 1.75}
      dot={l.dotRadius ? { r: l.dotRadius, fill: l.color, strokeWidth: 0 } : false}
      activeDot={smoothed ? false : { r: 3 }}
      isAnimationActive={false}
      connectNulls
    />,
  ];
  if (smoothed) {
    lines.push(
      <Line
        key={`smoothed-${l.key}`}
        dataKey={l.smoothed}
        name={l.name && `${l.name} (smoothed)`}
        stroke={l.color}
        strokeWidth={2}
        dot={false}
        activeDot={{ r: 3 }}
        isAnimationActive={false}
        connectNulls
      />,
    );
  }
  return lines;
}
