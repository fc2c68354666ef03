/** Rollup level L groups steps into buckets of 16^L steps; level 0 means raw points. */
export const ROLLUP_LEVELS = [1, 2, 3, 4] as const;
export const ROLLUP_BASE = 16;

export function bucketWidth(level: number): number {
  return ROLLUP_BASE ** level;
}
