import type { Db } from "@/db";
import { appendEvalBatch } from "../evals/ingest";
import { appendMetricBatch } from "../metrics/ingest";
import { requireRunRow } from "../runs/service";
import { parseOrThrow } from "../validation";
import { contentBatchId } from "./batch-ids";
import { evalResultBody, type RllmEvalResult } from "./payloads";

/**
 * The attempts of an rllm EvalResult: item k of the same task `idx` is attempt k (rllm
 * sends sibling rollouts of a task under one idx, in order), and attempt k's score is the
 * share of tasks its rollout solved. Their mean is the pass rate over all items, Avg@k.
 * Without items, the reported score is one attempt.
 */
export function evalAttempts(result: RllmEvalResult): { attempt: number; score: number }[] {
  const items = result.items ?? [];
  if (items.length === 0) return result.score == null ? [] : [{ attempt: 0, score: result.score }];
  const seen = new Map<number, number>();
  const byAttempt: { solved: number; total: number }[] = [];
  for (const item of items) {
    const attempt = seen.get(item.idx) ?? 0;
    seen.set(item.idx, attempt + 1);
    const a = (byAttempt[attempt] ??= { solved: 0, total: 0 });
    a.total++;
    if (item.is_correct) a.solved++;
  }
  return byAttempt.map((a, attempt) => ({ attempt, score: a.solved / a.total }));
}

/**
 * `POST /api/eval-results`: rllm's EvalResult of one dataset becomes eval attempts of the
 * benchmark named by `dataset_name` (Avg@k is derived from them), and its signal averages
 * become metrics `eval/<dataset>/<signal>`. rllm eval sessions log at step 0.
 */
export function appendRllmEvalResult(db: Db, body: unknown): { benchmark: string; attempts: number; duplicate: boolean } {
  const input = parseOrThrow(evalResultBody, body);
  requireRunRow(db, input.session_id);
  const step = input.step ?? 0;
  const attempts = evalAttempts(input);
  const evals = attempts.map((a) => ({ benchmark: input.dataset_name, attempt: a.attempt, score: a.score, step }));
  const stored = appendEvalBatch(db, input.session_id, { batchId: contentBatchId("eval", [step, input.dataset_name, evals]), evals });
  const points = Object.entries(input.signal_averages ?? {})
    .filter((e): e is [string, number] => typeof e[1] === "number" && Number.isFinite(e[1]))
    .map(([signal, value]) => ({ key: `eval/${input.dataset_name}/${signal}`.slice(0, 256), step, value }));
  if (points.length) appendMetricBatch(db, input.session_id, { batchId: contentBatchId("eval-signals", [step, points]), points });
  return { benchmark: input.dataset_name, attempts: attempts.length, duplicate: stored.duplicate };
}
