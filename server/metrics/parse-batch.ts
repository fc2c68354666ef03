import { z } from "zod";
import { PayloadTooLargeError } from "../errors";
import { batchId, finiteNumber, parseOrThrow, stepNumber } from "../validation";

export const MAX_POINTS_PER_BATCH = 10_000;

const metricKey = z.string().min(1).max(256);

export const metricPointInput = z.object({
  key: metricKey,
  step: stepNumber,
  value: finiteNumber,
  wallTime: finiteNumber.optional(),
});
export type MetricPointInput = z.infer<typeof metricPointInput>;

/** One logged step, as a trainer logs it: `{step, wallTime?, values: {key: value}}`. */
export const metricStepInput = z.object({
  step: stepNumber,
  wallTime: finiteNumber.optional(),
  values: z.record(metricKey, finiteNumber),
});

/**
 * A batch on the wire: `points` (one object per point) or `steps` (one object per logged step,
 * its values keyed by metric; about half the bytes, and far fewer objects to encode and parse).
 */
export const metricBatchWire = z
  .object({
    batchId,
    /** Sent by a worker agent: a write with a stale lease token is refused (409). */
    leaseToken: z.string().optional(),
    points: z.array(metricPointInput).optional(),
    steps: z.array(metricStepInput).optional(),
  })
  .refine((b) => (b.points === undefined) !== (b.steps === undefined), { message: "send either points or steps (one of them)", path: ["points"] });

export interface MetricBatchInput {
  batchId: string;
  leaseToken?: string;
  points: MetricPointInput[];
}

const batchEnvelope = z.object({ batchId, leaseToken: z.string().optional(), points: z.array(z.unknown()).optional(), steps: z.array(z.unknown()).optional() });

const isFinite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A 413 before validating more than a batch may hold. */
function assertPointCount(n: number): void {
  if (n > MAX_POINTS_PER_BATCH) {
    throw new PayloadTooLargeError(`points: a batch holds at most ${MAX_POINTS_PER_BATCH} points, this one has ${n}; split it.`);
  }
}

/**
 * The points of a batch when every one is valid by `metricPointInput`, checked in a
 * plain loop (zod's per-object parse was a fifth of the ingest route's CPU); null
 * when any point is not, so that zod can name the field.
 */
function validPointsOrNull(points: unknown[]): MetricPointInput[] | null {
  const out: MetricPointInput[] = new Array(points.length);
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    if (!isPlainObject(p)) return null;
    const { key, step, value, wallTime } = p;
    if (typeof key !== "string" || key.length < 1 || key.length > 256) return null;
    if (!Number.isSafeInteger(step) || (step as number) < 0) return null;
    if (!isFinite(value)) return null;
    if (wallTime !== undefined && !isFinite(wallTime)) return null;
    out[i] = wallTime === undefined ? { key, step: step as number, value } : { key, step: step as number, value, wallTime };
  }
  return out;
}

/** The same for the `steps` form: its points, step by step in key order as sent; null when any is invalid. */
function validStepsOrNull(steps: unknown[]): MetricPointInput[] | null {
  const out: MetricPointInput[] = [];
  for (const s of steps) {
    if (!isPlainObject(s)) return null;
    const { step, wallTime, values } = s;
    if (!Number.isSafeInteger(step) || (step as number) < 0) return null;
    if (wallTime !== undefined && !isFinite(wallTime)) return null;
    if (!isPlainObject(values)) return null;
    for (const key in values) {
      const value = values[key];
      if (key.length < 1 || key.length > 256 || !isFinite(value)) return null;
      out.push(wallTime === undefined ? { key, step: step as number, value } : { key, step: step as number, value, wallTime: wallTime as number });
    }
    assertPointCount(out.length);
  }
  return out;
}

/** Parses a metric batch in either form, with the result and errors of `metricBatchWire`, faster for valid batches. */
export function parseMetricBatch(body: unknown): MetricBatchInput {
  if (isPlainObject(body) && Array.isArray(body.points)) assertPointCount(body.points.length);
  const envelope = parseOrThrow(batchEnvelope, body);
  const points = envelope.points && !envelope.steps ? validPointsOrNull(envelope.points) : envelope.steps && !envelope.points ? validStepsOrNull(envelope.steps) : null;
  if (points === null) {
    const wire = parseOrThrow(metricBatchWire, body);
    return { batchId: wire.batchId, ...(wire.leaseToken !== undefined && { leaseToken: wire.leaseToken }), points: wire.points ?? pointsOfSteps(wire.steps!) };
  }
  return { batchId: envelope.batchId, ...(envelope.leaseToken !== undefined && { leaseToken: envelope.leaseToken }), points };
}

function pointsOfSteps(steps: z.infer<typeof metricStepInput>[]): MetricPointInput[] {
  const points = steps.flatMap((s) => Object.entries(s.values).map(([key, value]) => (s.wallTime === undefined ? { key, step: s.step, value } : { key, step: s.step, value, wallTime: s.wallTime })));
  assertPointCount(points.length);
  return points;
}
