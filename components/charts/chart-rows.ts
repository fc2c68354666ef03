import { debiasedEma } from "./ema";
import type { ChartSettings } from "./chart-settings";

/** One point of a down-sampled series, as `metrics.series` returns it. */
export interface SeriesPoint {
  step: number;
  value: number;
  min: number;
  max: number;
  /** Seconds since the epoch, or null when the trainer did not send it. */
  wallTime: number | null;
}

/** One row recharts plots: x, the raw mean, its EMA, and the bucket's [min, max] band. */
export interface ChartRow {
  x: number;
  step: number;
  raw: number | null;
  smoothed: number | null;
  band: [number, number] | null;
}

export interface ChartRows {
  rows: ChartRow[];
  /** True when some point stands for a bucket of several raw values (min ≠ max). */
  downsampled: boolean;
  /** Points that could not be placed: no wall time in relative mode, or ≤ 0 on a log axis. */
  dropped: number;
}

/**
 * Turns a down-sampled series into chart rows for the given settings:
 * x = step or seconds since the first point, EMA over the raw means in step
 * order, and values a log axis cannot show left out.
 */
export function buildChartRows(points: readonly SeriesPoint[], settings: ChartSettings): ChartRows {
  const sorted = [...points].sort((a, b) => a.step - b.step);
  const downsampled = sorted.some((p) => p.min !== p.max);
  const smoothed = debiasedEma(
    sorted.map((p) => p.value),
    settings.smoothing,
  );
  const t0 = sorted.find((p) => p.wallTime != null)?.wallTime ?? null;
  const positive = (v: number) => (settings.logY ? v > 0 && Number.isFinite(v) : Number.isFinite(v));

  const rows: ChartRow[] = [];
  let dropped = 0;
  sorted.forEach((p, i) => {
    const x = settings.xAxis === "relative" ? (p.wallTime != null && t0 != null ? p.wallTime - t0 : null) : p.step;
    if (x == null || !positive(p.value)) {
      dropped += 1;
      return;
    }
    const lo = positive(p.min) ? p.min : p.value;
    rows.push({
      x,
      step: p.step,
      raw: p.value,
      smoothed: positive(smoothed[i]) ? smoothed[i] : null,
      band: downsampled ? [lo, Math.max(p.max, lo)] : null,
    });
  });
  return { rows, downsampled, dropped };
}
