import { z } from "zod";
import type { Db } from "@/db";
import { listTrajectories, type TrajectoryIndexRow } from "../trajectories/list-query";
import { getRun } from "../runs/service";
import { parseOrThrow } from "../validation";
import { MAX_TASK_GRID_RUNS } from "./task-grid";

/** Most trajectories of one task listed per run (newest steps first). */
export const MAX_TASK_TRAJECTORIES = 500;

export const taskTrajectoriesInput = z.object({
  taskId: z.string().min(1).max(500),
  runIds: z.array(z.string().min(1).max(500)).min(1).max(MAX_TASK_GRID_RUNS),
});

export interface RunTaskTrajectories {
  runId: string;
  runName: string;
  /** The run's trajectories of the task, latest step first, then by sample. */
  trajectories: TrajectoryIndexRow[];
  truncated: boolean;
}

/** Each run's trajectories of one task: what the side-by-side and across-steps views choose from. */
export function readTaskTrajectories(db: Db, raw: z.input<typeof taskTrajectoriesInput>): RunTaskTrajectories[] {
  const q = parseOrThrow(taskTrajectoriesInput, raw);
  return q.runIds.map((runId) => {
    const run = getRun(db, runId);
    const page = listTrajectories(db, runId, { taskId: q.taskId, sort: "step", dir: "desc", limit: MAX_TASK_TRAJECTORIES });
    const trajectories = page.trajectories.sort((x, y) => y.step - x.step || (x.sampleIndex ?? 0) - (y.sampleIndex ?? 0) || x.id - y.id);
    return { runId, runName: run.name, trajectories, truncated: page.nextCursor != null };
  });
}
