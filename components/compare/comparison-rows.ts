import { debiasedEma } from "@/components/charts/ema";
import type { ChartExtent } from "@/components/charts/chart-axes";
import type { ChartSettings } from "@/components/charts/chart-settings";
import type { SeedCurvePoint } from "@/server/compare/seed-curves";

/** One run or configuration in an overlay chart: its colour and its (seed-aggregated) curve. */
export interface ComparisonLine {
  key: string;
  label: string;
  color: string;
  /** Seeds folded into this line; > 1 draws a min–max band. */
  seeds: number;
  points: SeedCurvePoint[];
}

/** A plotted line, after smoothing and axis mapping: what the tooltip reads. */
export interface PlottedLine {
  key: string;
  label: string;
  color: string;
  seeds: number;
  points: { x: number; step: number; raw: number; smoothed: number | null; band: [number, number] | null; std: number | null; n: number }[];
}

/** One row recharts plots: x, and per line i `r{i}` (raw mean), `s{i}` (smoothed), `b{i}` ([min, max] band). */
export type ComparisonRow = { x: number } & Record<string, number | [number, number] | null | undefined>;

export interface ComparisonRows {
  rows: ComparisonRow[];
  lines: PlottedLine[];
  extent: ChartExtent;
  /** Points that could not be placed (no wall time on the time axis, ≤ 0 on a log axis). */
  dropped: number;
}

/**
 * Merges several lines into one row per x value for recharts. Each line's
 * mean is EMA-smoothed in step order; its band's edges are smoothed the same
 * way, so the band keeps hugging the smoothed line.
 */
export function buildComparisonRows(lines: readonly ComparisonLine[], settings: ChartSettings): ComparisonRows {
  const byX = new Map<number, ComparisonRow>();
  const ext: ChartExtent = { xMin: Infinity, xMax: -Infinity, yMin: Infinity, yMax: -Infinity };
  const ok = (v: number) => Number.isFinite(v) && (!settings.logY || v > 0);
  const seeY = (v: number | null) => {
    if (v == null) return;
    if (v < ext.yMin) ext.yMin = v;
    if (v > ext.yMax) ext.yMax = v;
  };
  let dropped = 0;
  const plotted = lines.map((line, i): PlottedLine => {
    const sorted = [...line.points].sort((a, b) => a.step - b.step);
    const smooth = (xs: number[]) => debiasedEma(xs, settings.smoothing);
    const mean = smooth(sorted.map((p) => p.mean));
    const lo = smooth(sorted.map((p) => p.min));
    const hi = smooth(sorted.map((p) => p.max));
    const points: PlottedLine["points"] = [];
    sorted.forEach((p, j) => {
      const x = settings.xAxis === "relative" ? p.elapsed : p.step;
      if (x == null || !ok(p.mean)) {
        dropped++;
        return;
      }
      const smoothed = settings.smoothing > 0 && ok(mean[j]) ? mean[j] : null;
      const band: [number, number] | null = line.seeds > 1 && ok(lo[j]) && ok(hi[j]) ? [Math.min(lo[j], hi[j]), Math.max(lo[j], hi[j])] : null;
      points.push({ x, step: p.step, raw: p.mean, smoothed, band, std: p.std ?? null, n: p.n });
      let row = byX.get(x);
      if (!row) byX.set(x, (row = { x }));
      row[`r${i}`] = p.mean;
      row[`s${i}`] = smoothed;
      row[`b${i}`] = band;
      if (x < ext.xMin) ext.xMin = x;
      if (x > ext.xMax) ext.xMax = x;
      seeY(p.mean);
      seeY(smoothed);
      if (band) {
        seeY(band[0]);
        seeY(band[1]);
      }
    });
    return { key: line.key, label: line.label, color: line.color, seeds: line.seeds, points };
  });
  const rows = [...byX.values()].sort((a, b) => a.x - b.x);
  return { rows, lines: plotted, extent: ext, dropped };
}

/** The line's point at x, or the closest one before it (lines are sampled at different x). */
export function pointAtOrBefore<P extends { x: number }>(points: readonly P[], x: number): P | undefined {
  let lo = 0;
  let hi = points.length - 1;
  let found: P | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid].x <= x) {
      found = points[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * recharts `syncMethod`: the hovered x of one chart picks, in another chart,
 * the tick at that x or the closest one before it (charts of the same page
 * log at different steps: Pass@1 every step, evals every k).
 */
export function syncToClosestX(ticks: ReadonlyArray<{ value: unknown }>, data: { activeLabel?: string | number }): number {
  const x = Number(data.activeLabel);
  if (!Number.isFinite(x) || !ticks.length) return -1;
  let best = -1;
  let bestValue = -Infinity;
  ticks.forEach((t, i) => {
    const v = Number(t.value);
    if (v <= x && v > bestValue) {
      best = i;
      bestValue = v;
    }
  });
  return best;
}
