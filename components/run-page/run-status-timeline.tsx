"use client";

import { isLiveStatus } from "@/components/runs/run-status";
import { formatClockTime, formatDuration, formatExactTime } from "@/components/format/time";
import type { RunView } from "@/server/runs/service";
import { useRunEvents } from "./use-run-events";

const LABELS: Record<string, string> = {
  queued: "Queued",
  leased: "Leased",
  started: "Started",
  requeued: "Queued again",
  "cancel-requested": "Cancel requested",
  succeeded: "Succeeded",
  failed: "Failed",
  canceled: "Canceled",
  lost: "Lost",
};

const DOTS: Record<string, string> = {
  queued: "bg-slate-400",
  leased: "bg-sky-500",
  started: "bg-blue-500",
  requeued: "bg-fuchsia-400",
  "cancel-requested": "bg-amber-400",
  succeeded: "bg-emerald-500",
  failed: "bg-red-500",
  canceled: "bg-amber-500",
  lost: "bg-fuchsia-500",
};

/** What the run is waiting for after its last event, while it is live. */
function pendingStep(lastKind: string | undefined): string {
  if (lastKind === "queued" || lastKind === "requeued") return "waiting for a worker";
  if (lastKind === "leased") return "starting";
  if (lastKind === "cancel-requested") return "stopping";
  return "running";
}

const gap = (ms: number) => (ms < 1000 ? `+${(ms / 1000).toFixed(1)}s` : `+${formatDuration(ms)}`);

/** The run's path through the queue: queued → leased by a worker → started on a host → ended, with times. Hidden for runs never queued. */
export function RunStatusTimeline({ run }: { run: Pick<RunView, "id" | "status"> }) {
  const events = useRunEvents(run);
  if (!events.length) return null;
  const live = isLiveStatus(run.status);
  return (
    <ol className="flex flex-wrap items-start gap-x-1 gap-y-2 border-t border-slate-100 pt-3 text-xs" aria-label="Status timeline" data-testid="run-timeline">
      {events.map((e, i) => (
        <li key={`${e.at}-${i}`} className="flex items-start gap-1" data-kind={e.kind}>
          {i > 0 && (
            <span className="mt-0.5 px-1 text-slate-300" aria-hidden>
              →
            </span>
          )}
          <div className="max-w-[18rem]" title={`${formatExactTime(new Date(e.at).toISOString())} · ${e.message}`}>
            <div className="flex items-center gap-1.5">
              <span className={`h-2 w-2 shrink-0 rounded-full ${DOTS[e.kind] ?? "bg-slate-400"}`} aria-hidden />
              <span className="font-medium text-slate-800">{LABELS[e.kind] ?? e.kind}</span>
              <span className="font-mono tabular-nums text-slate-400">{formatClockTime(e.at)}</span>
              {i > 0 && <span className="tabular-nums text-slate-400">{gap(e.at - events[i - 1].at)}</span>}
            </div>
            <p className="truncate pl-3.5 text-slate-500">{e.message}</p>
          </div>
        </li>
      ))}
      {live && (
        <li className="flex items-start gap-1 text-slate-400" data-testid="run-timeline-pending">
          <span className="mt-0.5 px-1 text-slate-300" aria-hidden>
            →
          </span>
          <span className="mt-px inline-flex items-center gap-1.5 italic">
            <span className="h-2 w-2 animate-pulse rounded-full border border-slate-300" aria-hidden />
            {pendingStep(events[events.length - 1]?.kind)}…
          </span>
        </li>
      )}
    </ol>
  );
}
