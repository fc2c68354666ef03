"use client";

import type { RunView } from "@/server/runs/service";
import { useNow } from "@/components/common/use-now";
import { formatDuration } from "@/components/format/time";
import { runDurationMs } from "./run-status";

/** The run's duration; ticks every second while it is running. */
export function RunDuration({ run, className, testId }: { run: Pick<RunView, "status" | "startedAt" | "endedAt" | "durationMs">; className?: string; testId?: string }) {
  const now = useNow(1000, run.status === "running");
  return (
    <span className={className} data-testid={testId} suppressHydrationWarning>
      {formatDuration(runDurationMs(run, now))}
    </span>
  );
}
