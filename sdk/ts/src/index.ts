/**
 * Skillboard's TypeScript SDK.
 *
 *   const run = skillboard.init({ project: "demo", config: { lr: 1e-4 } });
 *   run.log({ loss: 0.5 }, step);
 *   await run.finish();
 *
 * The module-level `log`, `logEval`, `logTrajectory`, `logText`, `flush` and
 * `finish` act on the run the last `init()` returned.
 */
import { Run, type FinishResult, type InitOptions } from "./run";
import type { FinalRunStatus, LogStream, Trajectory } from "./types";

let current: Run | undefined;

/** Starts a run (or attaches to `$SKILLBOARD_RUN_ID`) and makes it the current one. */
export function init(options: InitOptions = {}): Run {
  current = new Run(options);
  return current;
}

/** The current run, if `init()` was called and the run not finished through the module-level `finish()`. */
export function currentRun(): Run | undefined {
  return current;
}

function requireRun(): Run {
  if (!current) throw new Error("skillboard: call init() first");
  return current;
}

export const log = (metrics: Record<string, number>, step?: number) => requireRun().log(metrics, step);
export const logEval = (benchmark: string, attempt: number, score: number, step: number) =>
  requireRun().logEval(benchmark, attempt, score, step);
export const logTrajectory = (trajectory: Trajectory) => requireRun().logTrajectory(trajectory);
export const logText = (stream: LogStream, text: string) => requireRun().logText(stream, text);
export const flush = () => requireRun().flush();

export async function finish(status: FinalRunStatus = "succeeded", opts: { exitCode?: number } = {}): Promise<FinishResult> {
  const run = requireRun();
  const result = await run.finish(status, opts);
  if (current === run) current = undefined;
  return result;
}

export { Run, BATCH_LIMITS, type FinishResult, type InitOptions, type Mode } from "./run";
export {
  SkillboardClient,
  SkillboardHttpError,
  SkillboardNetworkError,
  isRetryable,
  type SkillboardClientOptions,
} from "./client";
export { withRetry, type RetryPolicy } from "./retry";
export { RunSpool, defaultSpoolDir, SPOOL_FILES } from "./spool";
export { syncSpoolDir, syncRunFolder, type SyncOptions, type SyncResult, type RunSyncResult } from "./sync";
export { newRunId, RUN_ID_PATTERN } from "./ids";
export type * from "./types";
