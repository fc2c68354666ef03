import type { Db } from "@/db";
import { appendMetricBatch, MAX_POINTS_PER_BATCH } from "../metrics/ingest";
import type { MetricPointInput } from "../metrics/parse-batch";
import { requireRunRow } from "../runs/service";
import { parseOrThrow } from "../validation";
import { contentBatchId } from "./batch-ids";
import { metricsBody } from "./payloads";

const MAX_KEY_LENGTH = 256;

export interface RllmMetricsResult {
  accepted: number;
  /** Keys that were not stored, each with why (not a number, NaN/Infinity, key too long). */
  skipped: { key: string; reason: string }[];
}

function flatten(data: Record<string, unknown>, prefix: string, out: [string, unknown][]): void {
  for (const [k, v] of Object.entries(data)) {
    const key = prefix + k;
    if (typeof v === "object" && v !== null && !Array.isArray(v)) flatten(v as Record<string, unknown>, `${key}/`, out);
    else out.push([key, v]);
  }
}

/**
 * `POST /api/metrics` (`{session_id, step, data}`): every numeric value of `data` is a
 * metric point at `step`, under its key as rllm named it (nested dicts joined with '/').
 * Keys are never renamed here: mapping them onto skills and benchmarks happens when reading.
 */
export function appendRllmMetrics(db: Db, body: unknown): RllmMetricsResult {
  const input = parseOrThrow(metricsBody, body);
  requireRunRow(db, input.session_id);
  const entries: [string, unknown][] = [];
  flatten(input.data, "", entries);
  const points: MetricPointInput[] = [];
  const skipped: RllmMetricsResult["skipped"] = [];
  const wallTime = Date.now() / 1000;
  for (const [key, raw] of entries) {
    const value = typeof raw === "boolean" ? Number(raw) : raw;
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) skipped.push({ key: key.slice(0, 80), reason: `a key has 1-${MAX_KEY_LENGTH} characters` });
    else if (value === null) skipped.push({ key, reason: "NaN/Infinity or null" });
    else if (typeof value !== "number") skipped.push({ key, reason: `not a number (${Array.isArray(value) ? "array" : typeof value})` });
    else points.push({ key, step: input.step, value, wallTime });
  }
  let accepted = 0;
  for (let i = 0; i < points.length; i += MAX_POINTS_PER_BATCH) {
    const slice = points.slice(i, i + MAX_POINTS_PER_BATCH);
    const batchId = contentBatchId("metrics", [input.step, slice.map((p) => [p.key, p.value])]);
    accepted += appendMetricBatch(db, input.session_id, { batchId, points: slice }).accepted;
  }
  return { accepted, skipped };
}
