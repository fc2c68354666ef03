import { niceLinearAxis, niceTicks, niceTimeTicks } from "./axis-ticks";
import type { ChartRow } from "./chart-rows";
import type { ChartSettings } from "./chart-settings";

export interface ChartAxes {
  xDomain: [number, number];
  xTicks: number[];
  /** Undefined on a log axis: recharts picks the log ticks. */
  yDomain?: [number, number];
  yTicks?: number[];
}

/** The data's extent on both axes (non-finite values ignored). */
export interface ChartExtent {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** Axis ranges and round ticks for a chart's rows (x: the data's extent; y: widened to round values). */
export function chartAxes(rows: readonly ChartRow[], settings: Pick<ChartSettings, "xAxis" | "logY">): ChartAxes {
  const ext: ChartExtent = { xMin: Infinity, xMax: -Infinity, yMin: Infinity, yMax: -Infinity };
  const seeY = (v: number | null | undefined) => {
    if (v == null || !Number.isFinite(v)) return;
    if (v < ext.yMin) ext.yMin = v;
    if (v > ext.yMax) ext.yMax = v;
  };
  for (const r of rows) {
    if (r.x < ext.xMin) ext.xMin = r.x;
    if (r.x > ext.xMax) ext.xMax = r.x;
    seeY(r.raw);
    seeY(r.smoothed);
    if (r.band) {
      seeY(r.band[0]);
      seeY(r.band[1]);
    }
  }
  return axesForExtent(ext, settings);
}

/** Axis ranges and round ticks for a known extent (charts with several lines compute it over all of them). */
export function axesForExtent({ xMin, xMax, yMin, yMax }: ChartExtent, settings: Pick<ChartSettings, "xAxis" | "logY">): ChartAxes {
  const xTicks = settings.xAxis === "relative" ? niceTimeTicks(xMin, xMax) : niceTicks(xMin, xMax, 5, true);
  const axes: ChartAxes = { xDomain: [xMin, xMax], xTicks };
  if (!settings.logY) {
    const y = niceLinearAxis(yMin, yMax, 4);
    axes.yDomain = y.domain;
    axes.yTicks = y.ticks;
  }
  return axes;
}
