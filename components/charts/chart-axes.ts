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

/** Axis ranges and round ticks for a chart's rows (x: the data's extent; y: widened to round values). */
export function chartAxes(rows: readonly ChartRow[], settings: Pick<ChartSettings, "xAxis" | "logY">): ChartAxes {
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  const seeY = (v: number | null | undefined) => {
    if (v == null || !Number.isFinite(v)) return;
    if (v < yMin) yMin = v;
    if (v > yMax) yMax = v;
  };
  for (const r of rows) {
    if (r.x < xMin) xMin = r.x;
    if (r.x > xMax) xMax = r.x;
    seeY(r.raw);
    seeY(r.smoothed);
    if (r.band) {
      seeY(r.band[0]);
      seeY(r.band[1]);
    }
  }
  const xTicks = settings.xAxis === "relative" ? niceTimeTicks(xMin, xMax) : niceTicks(xMin, xMax, 5, true);
  const axes: ChartAxes = { xDomain: [xMin, xMax], xTicks };
  if (!settings.logY) {
    const y = niceLinearAxis(yMin, yMax, 4);
    axes.yDomain = y.domain;
    axes.yTicks = y.ticks;
  }
  return axes;
}
