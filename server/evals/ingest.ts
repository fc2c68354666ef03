import { z } from "zod";
import type { Db } from "@/db";
import { PayloadTooLargeError } from "../errors";
import { claimBatch } from "../runs/batches";
import { requireLease } from "../jobs/queue";
import { requireRunRow, touchRun } from "../runs/service";
import { batchId, finiteNumber, parseOrThrow, stepNumber } from "../validation";
import type { AppendResult } from "../metrics/ingest";

export const MAX_EVALS_PER_BATCH = 10_000;

export const evalAttemptInput = z.object({
  benchmark: z.string().min(1).max(200),
  attempt: z.number().int().min(0),
  score: finiteNumber,
  step: stepNumber,
  wallTime: finiteNumber.optional(),
});

export const evalBatchInput = z.object({
  batchId,
  /** Sent by a worker agent: a write with a stale lease token is refused (409). */
  leaseToken: z.string().optional(),
  evals: z.array(evalAttemptInput),
});

/** Stores scored attempts; the same (benchmark, step, attempt) again replaces the score. */
export function appendEvalBatch(db: Db, runId: string, body: unknown): AppendResult {
  const n = (body as { evals?: unknown[] } | null)?.evals?.length ?? 0;
  if (n > MAX_EVALS_PER_BATCH) {
    throw new PayloadTooLargeError(`evals: a batch holds at most ${MAX_EVALS_PER_BATCH} attempts, this one has ${n}.`);
  }
  const input = parseOrThrow(evalBatchInput, body);
  const run = requireRunRow(db, runId);
  if (input.leaseToken) requireLease(db, runId, input.leaseToken);
  const sqlite = db.$client;
  return sqlite.transaction(() => {
    if (!claimBatch(sqlite, run.pk, input.batchId, "evals")) return { batchId: input.batchId, duplicate: true, accepted: 0 };
    const insert = sqlite.prepare(
      "INSERT OR REPLACE INTO evals (run_pk, benchmark, step, attempt, score, wall_time) VALUES (?, ?, ?, ?, ?, ?)",
    );
    const now = Date.now() / 1000;
    for (const e of input.evals) insert.run(run.pk, e.benchmark, e.step, e.attempt, e.score, e.wallTime ?? now);
    touchRun(db, run.pk);
    return { batchId: input.batchId, duplicate: false, accepted: input.evals.length };
  })();
}
