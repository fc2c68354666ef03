import type { Db } from "@/db";
import { invalidParameter } from "./errors";
import { MLFLOW_LIMITS, parseLogBatch } from "./inputs";
import { appendMlflowMetrics } from "./metrics";
import { setParams } from "./params";
import { parseMlflow } from "./request";
import { isLaunched, requireMlflowRun } from "./runs";
import { saveTaggedRun, taggedRunOf } from "./run-record";
import { applyTags } from "./tags";

const lengthOf = (v: unknown) => (Array.isArray(v) ? v.length : 0);

/** MLflow's batch limits, checked before validating a thousand entries for nothing; the message names the limit. */
export function assertBatchLimits(body: Record<string, unknown>): void {
  const metrics = lengthOf(body.metrics);
  const params = lengthOf(body.params);
  const tags = lengthOf(body.tags);
  const over = (what: string, limit: number, got: number) =>
    invalidParameter(`A batch logging request can contain at most ${limit} ${what}. Got ${got} ${what}. Please split up ${what} across multiple requests and try again.`);
  if (metrics > MLFLOW_LIMITS.batchMetrics) throw over("metrics", MLFLOW_LIMITS.batchMetrics, metrics);
  if (params > MLFLOW_LIMITS.batchParams) throw over("params", MLFLOW_LIMITS.batchParams, params);
  if (tags > MLFLOW_LIMITS.batchTags) throw over("tags", MLFLOW_LIMITS.batchTags, tags);
  const total = metrics + params + tags;
  if (total > MLFLOW_LIMITS.batchTotal) throw over("metrics, params, and tags", MLFLOW_LIMITS.batchTotal, total);
}

/**
 * `runs/log-batch` (and log-metric / log-parameter, which are batches of one): params into the
 * config tree, tags onto the run, metrics into the metric store, all in one transaction, so a
 * refused batch writes nothing.
 */
export function logMlflowBatch(db: Db, body: Record<string, unknown>): Record<string, never> {
  assertBatchLimits(body);
  const input = parseLogBatch(body, parseMlflow);
  const runId = input.run_id ?? input.run_uuid;
  if (!runId) throw invalidParameter("Missing value for required parameter 'run_id'.");
  db.$client.transaction(() => {
    // The metric store's own run lookup answers an unknown run (RESOURCE_DOES_NOT_EXIST); params and tags look it up first.
    if (input.params.length || input.tags.length) {
      const run = requireMlflowRun(db, runId);
      const before = taggedRunOf(db, run.id);
      const keepConflicts = isLaunched(db, run.id);
      let after = input.params.length ? { ...before, config: setParams(before.config, input.params, run.id, { keepConflicts }) } : before;
      if (input.tags.length) after = applyTags(after, input.tags);
      saveTaggedRun(db, run.id, before, after);
    }
    appendMlflowMetrics(db, runId, input.metrics);
  })();
  return {};
}
