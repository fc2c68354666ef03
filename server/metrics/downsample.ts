import type Database from "better-sqlite3";
import { bucketWidth, ROLLUP_LEVELS } from "./rollup-levels";

/** One plotted point: `value` is the bucket's mean, `min`/`max` its extremes (so spikes survive), `step` its last step. */
export interface SeriesPoint {
  step: number;
  value: number;
  min: number;
  max: number;
  wallTime: number | null;
}

export interface SeriesQuery {
  maxPoints: number;
  stepMin?: number;
  stepMax?: number;
}

interface Summary {
  count: number;
  min_step: number;
  max_step: number;
}

interface Agg {
  count: number;
  sum: number;
  min: number;
  max: number;
  lastStep: number;
  lastWallTime: number | null;
}

/**
 * Reads one run's series for one key with at most `maxPoints` points.
 * Small series come back raw. Larger ones are bucketed into equal step
 * ranges aligned to a rollup level, so the read touches the pre-aggregated
 * rollup rows plus the raw points at the two ragged edges of the range.
 */
export function readSeries(sqlite: Database.Database, runPk: number, keyId: number, q: SeriesQuery): SeriesPoint[] {
  const summary = sqlite
    .prepare("SELECT count, min_step, max_step FROM run_metric_summaries WHERE run_pk = ? AND key_id = ?")
    .get(runPk, keyId) as Summary | undefined;
  if (!summary) return [];
  const lo = Math.max(q.stepMin ?? summary.min_step, summary.min_step);
  const hi = Math.min(q.stepMax ?? summary.max_step, summary.max_step);
  if (lo > hi) return [];
  const wholeSeries = lo === summary.min_step && hi === summary.max_step;
  if (wholeSeries && summary.count <= q.maxPoints) return readRaw(sqlite, runPk, keyId, lo, hi);

  const span = hi - lo + 1;
  const minWidth = q.maxPoints > 1 ? Math.ceil(span / (q.maxPoints - 1)) : span;
  const level = [...ROLLUP_LEVELS].reverse().find((l) => bucketWidth(l) <= minWidth) ?? 0;
  const unit = level ? bucketWidth(level) : 1;
  const width = Math.ceil(minWidth / unit) * unit;

  const out = new Map<number, Agg>();
  const add = (outBucket: number, a: Agg) => {
    const b = out.get(outBucket);
    if (!b) out.set(outBucket, { ...a });
    else {
      b.count += a.count;
      b.sum += a.sum;
      if (a.min < b.min) b.min = a.min;
      if (a.max > b.max) b.max = a.max;
      if (a.lastStep >= b.lastStep) {
        b.lastStep = a.lastStep;
        b.lastWallTime = a.lastWallTime;
      }
    }
  };
  const addRaw = (from: number, to: number) => {
    if (from > to) return;
    const rows = sqlite
      .prepare("SELECT step, value, wall_time FROM metric_points WHERE run_pk = ? AND key_id = ? AND step BETWEEN ? AND ?")
      .raw()
      .iterate(runPk, keyId, from, to) as IterableIterator<[number, number, number | null]>;
    for (const [step, value, wallTime] of rows) {
      add(Math.floor(step / width), { count: 1, sum: value, min: value, max: value, lastStep: step, lastWallTime: wallTime });
    }
  };

  if (level === 0) {
    addRaw(lo, hi);
  } else {
    // Rollup buckets wholly inside [lo, hi]; raw points for the partial buckets at each end.
    const firstFull = Math.ceil(lo / unit);
    const lastFull = Math.floor((hi + 1) / unit) - 1;
    if (firstFull > lastFull) {
      addRaw(lo, hi);
    } else {
      addRaw(lo, firstFull * unit - 1);
      const rows = sqlite
        .prepare(
          "SELECT bucket, count, sum, min, max, last_step, last_wall_time FROM metric_rollups WHERE run_pk = ? AND key_id = ? AND level = ? AND bucket BETWEEN ? AND ?",
        )
        .raw()
        .iterate(runPk, keyId, level, firstFull, lastFull) as IterableIterator<
        [number, number, number, number, number, number, number | null]
      >;
      for (const [bucket, count, sum, min, max, lastStep, lastWallTime] of rows) {
        add(Math.floor((bucket * unit) / width), { count, sum, min, max, lastStep, lastWallTime });
      }
      addRaw((lastFull + 1) * unit, hi);
    }
  }
  return [...out.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, a]) => ({ step: a.lastStep, value: a.sum / a.count, min: a.min, max: a.max, wallTime: a.lastWallTime }));
}

function readRaw(sqlite: Database.Database, runPk: number, keyId: number, lo: number, hi: number): SeriesPoint[] {
  const rows = sqlite
    .prepare("SELECT step, value, wall_time FROM metric_points WHERE run_pk = ? AND key_id = ? AND step BETWEEN ? AND ? ORDER BY step")
    .raw()
    .all(runPk, keyId, lo, hi) as [number, number, number | null][];
  return rows.map(([step, value, wallTime]) => ({ step, value, min: value, max: value, wallTime }));
}
