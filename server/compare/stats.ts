/** Mean ± standard deviation over the seeds of one configuration. */
export interface SeedStats {
  mean: number;
  /** Sample standard deviation (n − 1); null with a single value. */
  std: number | null;
  n: number;
  min: number;
  max: number;
}

/**
 * Mean and sample standard deviation (Bessel-corrected, as seed spreads are
 * usually reported) of the finite values; null when there are none.
 */
export function summariseSeeds(values: readonly (number | null | undefined)[]): SeedStats | null {
  const xs = values.filter((v): v is number => v != null && Number.isFinite(v));
  const n = xs.length;
  if (!n) return null;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1)) : null;
  return { mean, std, n, min: Math.min(...xs), max: Math.max(...xs) };
}

export function meanOf(values: readonly number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}
