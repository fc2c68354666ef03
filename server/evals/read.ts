import type { Db } from "@/db";
import { requireRunRow } from "../runs/service";
import { summariseAttempts, type AvgAtK } from "./avg-at-k";

/** Avg@k per benchmark and step, derived from the stored attempts (never stored twice). */
export function getRunEvals(db: Db, runId: string): Record<string, AvgAtK[]> {
  const run = requireRunRow(db, runId);
  const rows = db.$client
    .prepare("SELECT benchmark, step, score FROM evals WHERE run_pk = ? ORDER BY benchmark, step, attempt")
    .raw()
    .all(run.pk) as [string, number, number][];
  const benchmarks: Record<string, AvgAtK[]> = {};
  let i = 0;
  while (i < rows.length) {
    const [benchmark, step] = rows[i];
    const scores: number[] = [];
    while (i < rows.length && rows[i][0] === benchmark && rows[i][1] === step) scores.push(rows[i++][2]);
    (benchmarks[benchmark] ??= []).push(summariseAttempts(step, scores));
  }
  return benchmarks;
}
