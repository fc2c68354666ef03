/** Evaluation: k independent attempts at each of a fixed set of tasks, with the policy frozen. */
import { makeEpisode } from "../env/make-episode";
import type { Policy } from "../policy/policy";
import { Rng } from "../rng";
import type { Sandbox } from "../sandbox/sandbox";
import type { WorldIndex } from "../world/load";
import type { Task } from "../world/types";
import { playEpisode, type PlayedEpisode } from "./rollout";

export interface TaskAttempts {
  task: Task;
  attempts: PlayedEpisode[];
}

/** Plays `attempts` episodes of every task; attempt a of task t always uses the same random stream for a given (seed, step). */
export function evaluateTasks(
  opts: { policy: Policy; world: WorldIndex; sandbox: Sandbox; seed: number; step: number },
  tasks: readonly Task[],
  head: string | null,
  attempts: number,
  keepFirstTurns = false,
): Promise<TaskAttempts[]> {
  return Promise.all(
    tasks.map((task) =>
      Promise.all(
        Array.from({ length: attempts }, (_, a) =>
          playEpisode(makeEpisode(task, opts.world, opts.sandbox), opts.policy, head, Rng.derive(opts.seed, "eval", opts.step, task.id, a), a === 0 && keepFirstTurns),
        ),
      ).then((played) => ({ task, attempts: played })),
    ),
  );
}

/** Pass rate of attempt `a` over the tasks. */
export const attemptScore = (results: readonly TaskAttempts[], a: number) =>
  results.length ? results.filter((r) => r.attempts[a].passed).length / results.length : 0;

/** Mean pass rate over all attempts (Avg@k). */
export function avgAtK(results: readonly TaskAttempts[]): number {
  const all = results.flatMap((r) => r.attempts);
  return all.length ? all.filter((e) => e.passed).length / all.length : 0;
}
