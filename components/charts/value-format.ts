import { formatElapsedSeconds } from "@/components/format/time";
import { formatAxisTick, formatMetricValue, formatPercent } from "@/components/format/numbers";
import type { XAxisMode } from "./chart-settings";

/** How a chart shows its y values: pass rates as percentages, everything else as numbers. */
export type ValueFormat = "percent" | "number";

export const formatYTick = (format: ValueFormat) => (v: number) =>
  format === "percent" ? formatPercent(v, v !== 0 && Math.abs(v) < 0.1 ? 1 : 0) : formatAxisTick(v);

export const formatYValue = (format: ValueFormat, v: number | null | undefined) =>
  format === "percent" ? formatPercent(v) : formatMetricValue(v);

export const formatXTick = (mode: XAxisMode) => (v: number) =>
  mode === "relative" ? formatElapsedSeconds(v) : formatAxisTick(v);

export const xAxisLabel = (mode: XAxisMode) => (mode === "relative" ? "time since first point" : "step");
