/** Most runs the Tasks view's grid takes (server/tasks/task-grid.ts `MAX_TASK_GRID_RUNS`). */
export const TASK_VIEW_MAX_RUNS = 20;

interface RunRef {
  id: string;
  name: string;
}

/**
 * The runs the Tasks view shows for a comparison: all of them when they fit;
 * else the first run (seed) of each configuration when those fit; else the
 * first runs. `note` says which, when not all.
 */
export function taskViewRuns<R extends RunRef>(runs: readonly R[], configurations: readonly { label: string; runIds: string[] }[]): { runs: R[]; note: string | null } {
  if (runs.length <= TASK_VIEW_MAX_RUNS) return { runs: [...runs], note: null };
  const byId = new Map(runs.map((r) => [r.id, r]));
  if (configurations.length > 1 && configurations.length <= TASK_VIEW_MAX_RUNS) {
    return {
      runs: configurations.map((c) => byId.get(c.runIds[0])!).filter(Boolean),
      note: `The Tasks view compares up to ${TASK_VIEW_MAX_RUNS} runs: showing the first seed of each of the ${configurations.length} configurations.`,
    };
  }
  return {
    runs: runs.slice(0, TASK_VIEW_MAX_RUNS),
    note: `The Tasks view compares up to ${TASK_VIEW_MAX_RUNS} runs: showing the first ${TASK_VIEW_MAX_RUNS} of ${runs.length}. Compare fewer runs to see the others.`,
  };
}
