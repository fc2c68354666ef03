import type { RunView } from "@/server/runs/service";

export type RunStatus = RunView["status"];

export const RUN_STATUSES: readonly RunStatus[] = ["queued", "starting", "running", "succeeded", "failed", "canceled", "lost"];

/** A run still in flight: its page keeps polling while this holds. */
export const isLiveStatus = (status: RunStatus | undefined): boolean =>
  status === "queued" || status === "starting" || status === "running";

/** Duration so far: server-computed for ended runs, ticking from `startedAt` for running ones. */
export function runDurationMs(run: Pick<RunView, "status" | "startedAt" | "endedAt" | "durationMs">, now: number): number | null {
  if (run.status === "running" && run.startedAt && !run.endedAt) return Math.max(0, now - Date.parse(run.startedAt));
  return run.durationMs;
}
