/**
 * Round tick positions computed up front, so recharts never has to measure
 * tick labels to thin them out (that measuring was most of a chart's render time).
 */

/** The round step nearest to `raw`: 1, 2, 2.5 or 5 × 10^k. */
function niceStep(raw: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const f = raw / magnitude;
  return (f < 1.5 ? 1 : f < 2.25 ? 2 : f < 3.5 ? 2.5 : f < 7.5 ? 5 : 10) * magnitude;
}

/** About `count` round values (1, 2, 2.5, 5 × 10^k apart) inside [min, max]; `integer` keeps the step ≥ 1. */
export function niceTicks(min: number, max: number, count = 5, integer = false): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  let step = niceStep((max - min) / Math.max(1, count - 1));
  if (integer) step = Math.max(1, Math.round(step));
  return stepsWithin(min, max, step);
}

const TIME_STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800,
];

/** About `count` ticks for a seconds axis, on whole seconds, minutes, hours or days. */
export function niceTimeTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const raw = (max - min) / Math.max(1, count - 1);
  const step = TIME_STEPS.find((s) => s >= raw) ?? Math.ceil(raw / 604800) * 604800;
  return stepsWithin(min, max, step);
}

function stepsWithin(min: number, max: number, step: number): number[] {
  const out: number[] = [];
  const first = Math.ceil(min / step - 1e-9) * step;
  for (let v = first; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** A linear axis widened to round ends, with its ticks: 0.13–0.81 → [0, 1] by 0.2. */
export function niceLinearAxis(min: number, max: number, count = 5): { domain: [number, number]; ticks: number[] } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { domain: [0, 1], ticks: [0, 1] };
  if (min === max) {
    const pad = Math.abs(min) * 0.1 || 1;
    return niceLinearAxis(min - pad, max + pad, count);
  }
  const step = niceStep((max - min) / Math.max(1, count - 1));
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  const ticks = stepsWithin(lo, hi, step);
  return { domain: [ticks[0], ticks[ticks.length - 1]], ticks };
}
