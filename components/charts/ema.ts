/**
 * Debiased exponential moving average, as TensorBoard smooths scalars.
 *
 * A plain EMA started at 0 is pulled towards 0 early on; dividing by
 * `1 - w^n` (n = points seen so far) removes that start-up bias, so the first
 * smoothed value equals the first raw value. Non-finite values pass through
 * untouched and do not enter the average; a constant series stays constant.
 */
export function debiasedEma(values: readonly number[], weight: number): number[] {
  const w = Math.min(Math.max(weight, 0), 1);
  if (w === 0 || values.length === 0) return values.slice();
  const first = values[0];
  if (values.every((v) => v === first)) return values.slice();

  let last = 0;
  let seen = 0;
  return values.map((v) => {
    if (!Number.isFinite(v)) return v;
    last = last * w + (1 - w) * v;
    seen += 1;
    const debias = w === 1 ? 1 : 1 - Math.pow(w, seen);
    return last / debias;
  });
}
