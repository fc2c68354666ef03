import type { Db } from "@/db";
import { requireRunRow, touchRun } from "../runs/service";

export interface VerdictResult {
  /** Trajectories whose unknown outcome became passed or failed. */
  updated: number;
  /** Task ids of the report with a trajectory of unknown outcome in the run. */
  matchedTasks: number;
  /** Task ids of the report with no trajectory in the run at all. */
  unmatchedTasks: number;
}

/**
 * Sets the outcome of a run's trajectories whose outcome is unknown, by task id
 * (a later verdict, e.g. a SWE-bench evaluation): passed, and reward 1 or 0.
 * Known outcomes are the trainer's and stay. The stored bodies are not rewritten;
 * the index row holds the verdict. Applying the same verdicts twice changes nothing.
 */
export function applyTaskVerdicts(db: Db, runId: string, verdicts: Map<string, boolean>): VerdictResult {
  const run = requireRunRow(db, runId);
  const sqlite = db.$client;
  const update = sqlite.prepare("UPDATE trajectories SET passed = ?, reward = ? WHERE run_pk = ? AND task_id = ? AND passed IS NULL");
  const exists = sqlite.prepare("SELECT 1 FROM trajectories WHERE run_pk = ? AND task_id = ? LIMIT 1").pluck();
  return sqlite.transaction(() => {
    const result: VerdictResult = { updated: 0, matchedTasks: 0, unmatchedTasks: 0 };
    for (const [taskId, passed] of verdicts) {
      const changes = update.run(passed ? 1 : 0, passed ? 1 : 0, run.pk, taskId).changes;
      result.updated += changes;
      if (changes) result.matchedTasks++;
      else if (!exists.get(run.pk, taskId)) result.unmatchedTasks++;
    }
    if (result.updated) touchRun(db, run.pk, Date.now());
    return result;
  })();
}
