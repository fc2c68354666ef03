import type Database from "better-sqlite3";
import { CHUNK_STEPS, decodeChunk } from "./chunk-codec";
import { chunkPartsSql } from "./tails";

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

interface Agg {
  count: number;
  sum: number;
  min: number;
  max: number;
  lastStep: number;
  lastWallTime: number | null;
}

type ChunkRow = [chunk: number, count: number, sum: number, min: number, max: number, lastStep: number, lastWall: number | null, offsets: Buffer | null, values: Buffer | null, wallTimes: Buffer | null, part: number];

/** The two statements `readSeries` runs, prepared once per connection (a comparison reads hundreds of series). */
const statements = new WeakMap<Database.Database, { summary: Database.Statement; chunks: Database.Statement }>();

function seriesStatements(sqlite: Database.Database) {
  let s = statements.get(sqlite);
  if (!s) {
    s = {
      summary: sqlite.prepare("SELECT count, min_step, max_step FROM run_metric_summaries WHERE run_pk = ? AND key_id = ?").raw(),
      // Chunks (and their tails) wholly inside [lo, hi] need no unpacking when buckets are made of whole chunks.
      chunks: sqlite
        .prepare(
          chunkPartsSql(
            `chunk, count, sum, min, max, last_step, last_wall_time,
         CASE WHEN @agg AND chunk * ${CHUNK_STEPS} >= @lo AND (chunk + 1) * ${CHUNK_STEPS} - 1 <= @hi THEN NULL ELSE offsets END,
         CASE WHEN @agg AND chunk * ${CHUNK_STEPS} >= @lo AND (chunk + 1) * ${CHUNK_STEPS} - 1 <= @hi THEN NULL ELSE "values" END,
         CASE WHEN @agg AND chunk * ${CHUNK_STEPS} >= @lo AND (chunk + 1) * ${CHUNK_STEPS} - 1 <= @hi THEN NULL ELSE wall_times END`,
            "run_pk = @run AND key_id = @key AND chunk BETWEEN @first AND @last",
          ),
        )
        .raw(),
    };
    statements.set(sqlite, s);
  }
  return s;
}

/**
 * Reads one run's series for one key with at most `maxPoints` points.
 * A series that fits comes back raw. A longer one is cut into equal step
 * buckets; when a bucket spans whole chunks, the chunks' stored aggregates are
 * used without unpacking them, so a 1,000,000-point series is read from about
 * a thousand small rows.
 */
export function readSeries(sqlite: Database.Database, runPk: number, keyId: number, q: SeriesQuery): SeriesPoint[] {
  const stmts = seriesStatements(sqlite);
  const summary = stmts.summary.get(runPk, keyId) as [number, number, number] | undefined;
  if (!summary) return [];
  const [count, minStep, maxStep] = summary;
  const lo = Math.max(q.stepMin ?? minStep, minStep);
  const hi = Math.min(q.stepMax ?? maxStep, maxStep);
  if (lo > hi) return [];

  const span = hi - lo + 1;
  // Buckets are aligned to multiples of `width`; ≤ maxPoints - 1 full widths plus one ragged edge.
  let width = q.maxPoints > 1 ? Math.ceil(span / (q.maxPoints - 1)) : span;
  // From half a chunk up, buckets become whole chunks: at least maxPoints / 2 points, read from aggregates.
  if (width >= CHUNK_STEPS / 2) width = Math.ceil(width / CHUNK_STEPS) * CHUNK_STEPS;
  const raw = count <= q.maxPoints && lo === minStep && hi === maxStep;
  const useAggregates = !raw && width % CHUNK_STEPS === 0;

  const firstChunk = Math.floor(lo / CHUNK_STEPS);
  const lastChunk = Math.floor(hi / CHUNK_STEPS);
  const rows = stmts.chunks.iterate({ agg: useAggregates ? 1 : 0, lo, hi, run: runPk, key: keyId, first: firstChunk, last: lastChunk }) as IterableIterator<ChunkRow>;

  if (raw) {
    const out: SeriesPoint[] = [];
    for (const [chunk, , , , , , , offsets, values, wallTimes] of rows) {
      const p = decodeChunk(chunk, offsets!, values!, wallTimes);
      for (let i = 0; i < p.steps.length; i++) {
        const wall = p.wallTimes[i];
        out.push({ step: p.steps[i], value: p.values[i], min: p.values[i], max: p.values[i], wallTime: Number.isNaN(wall) ? null : wall });
      }
    }
    return out;
  }

  const buckets = new Map<number, Agg>();
  const add = (bucket: number, a: Agg) => {
    const b = buckets.get(bucket);
    if (!b) buckets.set(bucket, { ...a });
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
  for (const [chunk, n, sum, min, max, lastStep, lastWall, offsets, values, wallTimes] of rows) {
    if (offsets === null) {
      add(Math.floor((chunk * CHUNK_STEPS) / width), { count: n, sum, min, max, lastStep, lastWallTime: lastWall });
      continue;
    }
    const p = decodeChunk(chunk, offsets, values!, wallTimes);
    let current: Agg | undefined;
    let currentBucket = -1;
    for (let i = 0; i < p.steps.length; i++) {
      const step = p.steps[i];
      if (step < lo || step > hi) continue;
      const v = p.values[i];
      const wall = Number.isNaN(p.wallTimes[i]) ? null : p.wallTimes[i];
      const bucket = Math.floor(step / width);
      if (bucket !== currentBucket) {
        if (current) add(currentBucket, current);
        currentBucket = bucket;
        current = { count: 0, sum: 0, min: v, max: v, lastStep: step, lastWallTime: wall };
      }
      current!.count++;
      current!.sum += v;
      if (v < current!.min) current!.min = v;
      if (v > current!.max) current!.max = v;
      current!.lastStep = step;
      current!.lastWallTime = wall;
    }
    if (current) add(currentBucket, current);
  }
  return [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, a]) => ({ step: a.lastStep, value: a.sum / a.count, min: a.min, max: a.max, wallTime: a.lastWallTime }));
}
