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
  /** Sample standard deviation over the seeds (n − 1); null with one seed. */
  std: number | null;
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
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    out.push({
      step,
      mean,
      min: Math.min(...values),
      max: Math.max(...values),
      std: values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1)) : null,
      n: values.length,
      elapsed: times.length ? times.reduce((a, b) => a + b, 0) / times.length : null,
    });
  }
  return out;
}

/**
 * A folded curve cut to at most `maxPoints` points (seeds down-sampled at
 * different bucket edges can fold to more): equal step buckets, each the
 * mean of its means and standard deviations, the extremes of its min and
 * max, the fewest seeds, at the bucket's last step.
 */
export function downsampleSeedCurve(points: readonly SeedCurvePoint[], maxPoints: number): SeedCurvePoint[] {
  if (points.length <= maxPoints) return [...points];
  const lo = points[0].step;
  const width = Math.max(1, Math.ceil((points[points.length - 1].step - lo + 1) / maxPoints));
  const out: SeedCurvePoint[] = [];
  let bucket: SeedCurvePoint[] = [];
  const flush = () => {
    if (!bucket.length) return;
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const stds = bucket.map((p) => p.std).filter((v): v is number => v != null);
    const times = bucket.map((p) => p.elapsed).filter((v): v is number => v != null);
    const last = bucket[bucket.length - 1];
    out.push({
      step: last.step,
      mean: avg(bucket.map((p) => p.mean)),
      min: Math.min(...bucket.map((p) => p.min)),
      max: Math.max(...bucket.map((p) => p.max)),
      std: stds.length ? avg(stds) : null,
      n: Math.min(...bucket.map((p) => p.n)),
      elapsed: last.elapsed ?? (times.length ? times[times.length - 1] : null),
    });
    bucket = [];
  };
  let current = -1;
  for (const p of points) {
    const b = Math.floor((p.step - lo) / width);
    if (b !== current) flush();
    current = b;
    bucket.push(p);
  }
  flush();
  return out;
}
