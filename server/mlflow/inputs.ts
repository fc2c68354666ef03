import { z } from "zod";

/**
 * The request bodies and query strings of the MLflow endpoints served here, as the MLflow
 * client sends them (protobuf JSON: snake_case, int64 as a number or a decimal string, a
 * double as a number or "NaN" / "Infinity" / "-Infinity").
 */
const int64 = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/, "expected an integer")
    .transform(Number),
]);
/** A metric value; non-finite values are kept as such here and dropped by metrics.ts (the store holds finite numbers). */
const double = z.union([
  z.number(),
  z.enum(["NaN", "Infinity", "-Infinity"]).transform((s) => Number(s)),
  z
    .string()
    .regex(/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/, "expected a number")
    .transform(Number),
]);

/** MLflow's documented limits (mlflow/utils/validation.py). */
export const MLFLOW_LIMITS = {
  batchMetrics: 1000,
  batchParams: 100,
  batchTags: 100,
  batchTotal: 1000,
  keyLength: 250,
  paramValueLength: 6000,
  tagValueLength: 8000,
  searchRunsMaxResults: 50_000,
  searchExperimentsMaxResults: 50_000,
} as const;

const key = z.string().min(1, "must not be empty").max(MLFLOW_LIMITS.keyLength, `at most ${MLFLOW_LIMITS.keyLength} characters`);
const runIdFields = { run_id: z.string().min(1).optional(), run_uuid: z.string().min(1).optional() };

export const metricInput = z.object({
  key,
  value: double,
  timestamp: int64.optional(),
  step: int64.optional(),
});
export const paramInput = z.object({
  key,
  value: z.string().max(MLFLOW_LIMITS.paramValueLength, `at most ${MLFLOW_LIMITS.paramValueLength} characters`).default(""),
});
export const tagInput = z.object({
  key,
  value: z.string().max(MLFLOW_LIMITS.tagValueLength, `at most ${MLFLOW_LIMITS.tagValueLength} characters`).default(""),
});
export type MetricInput = z.output<typeof metricInput>;
export type ParamInput = z.output<typeof paramInput>;
export type TagInput = z.output<typeof tagInput>;

export const logBatchInput = z.object({
  ...runIdFields,
  metrics: z.array(metricInput).default([]),
  params: z.array(paramInput).default([]),
  tags: z.array(tagInput).default([]),
});
export const logMetricInput = z.object({ ...runIdFields, ...metricInput.shape });
export const logParamInput = z.object({ ...runIdFields, ...paramInput.shape });
export const setTagInput = z.object({ ...runIdFields, ...tagInput.shape });
export const deleteTagInput = z.object({ ...runIdFields, key });
export const runIdInput = z.object(runIdFields);

export const createRunInput = z.object({
  experiment_id: z.string().optional(),
  user_id: z.string().optional(),
  run_name: z.string().optional(),
  start_time: int64.optional(),
  tags: z.array(tagInput).max(MLFLOW_LIMITS.batchTags).default([]),
});
export const updateRunInput = z.object({
  ...runIdFields,
  status: z.enum(["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"]).optional(),
  end_time: int64.optional(),
  run_name: z.string().optional(),
});
export const searchRunsInput = z.object({
  experiment_ids: z.array(z.string()).default([]),
  filter: z.string().optional(),
  run_view_type: z.enum(["ACTIVE_ONLY", "DELETED_ONLY", "ALL"]).default("ACTIVE_ONLY"),
  max_results: int64.pipe(z.number().min(1).max(MLFLOW_LIMITS.searchRunsMaxResults)).default(1000),
  order_by: z.array(z.string()).default([]),
  page_token: z.string().optional(),
});

export const getExperimentInput = z.object({ experiment_id: z.string().min(1) });
export const getExperimentByNameInput = z.object({ experiment_name: z.string().min(1) });
export const createExperimentInput = z.object({
  name: z.string().trim().min(1, "must not be empty"),
  artifact_location: z.string().optional(),
  tags: z.array(tagInput).optional(),
});
export const searchExperimentsInput = z.object({
  max_results: int64.pipe(z.number().min(1).max(MLFLOW_LIMITS.searchExperimentsMaxResults)).default(1000),
  page_token: z.string().optional(),
  filter: z.string().optional(),
  order_by: z.array(z.string()).default([]),
  view_type: z.enum(["ACTIVE_ONLY", "DELETED_ONLY", "ALL"]).default("ACTIVE_ONLY"),
});

export const getMetricHistoryInput = z.object({
  ...runIdFields,
  metric_key: key,
  max_results: int64.pipe(z.number().min(1)).optional(),
  page_token: z.string().optional(),
});

const batchEnvelope = logBatchInput.extend({ metrics: z.array(z.unknown()).default([]) });
const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity };
const NUMERIC = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const INTEGER = /^-?\d+$/;

function fastInt(v: unknown): number | undefined | null {
  if (v === undefined) return undefined;
  if (typeof v === "number") return Number.isInteger(v) ? v : null;
  return typeof v === "string" && INTEGER.test(v) ? Number(v) : null;
}

/**
 * The metrics of a batch when every one is valid by `metricInput`, checked in a plain loop (a
 * zod parse of 1,000 unions was a fifth of the route's time); null when any is not, so that
 * zod can name the field.
 */
function validMetricsOrNull(metrics: unknown[]): MetricInput[] | null {
  const out: MetricInput[] = new Array(metrics.length);
  for (let i = 0; i < metrics.length; i++) {
    const m = metrics[i] as Record<string, unknown> | null;
    if (typeof m !== "object" || m === null || Array.isArray(m)) return null;
    const { key, value: rawValue } = m;
    if (typeof key !== "string" || key.length < 1 || key.length > MLFLOW_LIMITS.keyLength) return null;
    let value: number;
    if (typeof rawValue === "number") value = rawValue;
    else if (typeof rawValue === "string" && rawValue in NON_FINITE) value = NON_FINITE[rawValue];
    else if (typeof rawValue === "string" && NUMERIC.test(rawValue)) value = Number(rawValue);
    else return null;
    const timestamp = fastInt(m.timestamp);
    const step = fastInt(m.step);
    if (timestamp === null || step === null) return null;
    out[i] = { key, value, timestamp, step };
  }
  return out;
}

/** Parses a log-batch body with the result and errors of `logBatchInput`, faster for valid batches. */
export function parseLogBatch(body: unknown, parse: <T extends z.ZodType>(schema: T, input: unknown) => z.output<T>): z.output<typeof logBatchInput> {
  const envelope = parse(batchEnvelope, body);
  const metrics = validMetricsOrNull(envelope.metrics);
  if (metrics === null) return parse(logBatchInput, body);
  return { ...envelope, metrics };
}
