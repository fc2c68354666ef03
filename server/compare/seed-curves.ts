/**
 * Curves of a configuration's seeds folded into one: at every step any seed
 * logged, the mean, min and max over the seeds. A seed that did not log that
 * exact step (down-sampled buckets, eval every k steps at other offsets)
 * contributes its latest earlier value, but only inside its own step range,
 * so a seed that stopped early does not flatten the tail.
 */

export interface CurvePoint {
  step: number;
  value: number;
  /** Seconds since the epoch, or null when unknown. */
  wallTime: number | null;
}

export interface SeedCurvePoint {
  step: number;
  mean: number;
  min: number;
  max: number;
  /** Seeds that had a value at this step. */
  n: number;
  /**
   * Mean over the seeds that logged this very step of their seconds since
   * their own first point (for the wall-time axis); null when none did.
   */
  elapsed: number | null;
}

export function aggregateSeedCurves(seeds: readonly (readonly CurvePoint[])[]): SeedCurvePoint[] {
  const sorted = seeds
    .map((s) => [...s].filter((p) => Number.isFinite(p.value)).sort((a, b) => a.step - b.step))
    .filter((s) => s.length > 0);
  if (!sorted.length) return [];
  const t0 = sorted.map((s) => s.find((p) => p.wallTime != null)?.wallTime ?? null);
  const steps = [...new Set(sorted.flatMap((s) => s.map((p) => p.step)))].sort((a, b) => a - b);
  const cursor = sorted.map(() => -1);
  const out: SeedCurvePoint[] = [];
  for (const step of steps) {
    const values: number[] = [];
    const times: number[] = [];
    sorted.forEach((s, i) => {
      while (cursor[i] + 1 < s.length && s[cursor[i] + 1].step <= step) cursor[i]++;
      if (cursor[i] < 0 || step > s[s.length - 1].step) return;
      const p = s[cursor[i]];
      values.push(p.value);
      if (p.step === step && p.wallTime != null && t0[i] != null) times.push(p.wallTime - t0[i]!);
    });
    if (!values.length) continue;
    out.push({
      step,
      mean: values.reduce((a, b) => a + b, 0) / values.length,
      min: Math.min(...values),
      max: Math.max(...values),
      n: values.length,
      elapsed: times.length ? times.reduce((a, b) => a + b, 0) / times.length : null,
    });
  }
  return out;
}
