import type { RunStatus } from "./run-status";

const STYLES: Record<RunStatus, { badge: string; dot: string }> = {
  queued: { badge: "bg-slate-100 text-slate-700 ring-slate-200", dot: "bg-slate-400" },
  starting: { badge: "bg-sky-50 text-sky-700 ring-sky-200", dot: "bg-sky-500" },
  running: { badge: "bg-blue-50 text-blue-700 ring-blue-200", dot: "bg-blue-500" },
  succeeded: { badge: "bg-emerald-50 text-emerald-700 ring-emerald-200", dot: "bg-emerald-500" },
  failed: { badge: "bg-red-50 text-red-700 ring-red-200", dot: "bg-red-500" },
  canceled: { badge: "bg-amber-50 text-amber-800 ring-amber-200", dot: "bg-amber-500" },
  lost: { badge: "bg-fuchsia-50 text-fuchsia-700 ring-fuchsia-200", dot: "bg-fuchsia-500" },
};

const PULSING: ReadonlySet<RunStatus> = new Set(["running", "starting"]);

/** Coloured pill with the run's status; the dot pulses while the run is running. */
export function RunStatusBadge({ status, testId }: { status: RunStatus; testId?: string }) {
  const style = STYLES[status] ?? STYLES.queued;
  return (
    <span
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${style.badge}`}
      data-testid={testId}
      data-status={status}
    >
      <span className="relative flex h-1.5 w-1.5">
        {PULSING.has(status) && (
          <span className={`absolute inline-flex h-full w-full animate-ping rounded-full opacity-75 ${style.dot}`} />
        )}
        <span className={`relative inline-flex h-1.5 w-1.5 rounded-full ${style.dot}`} />
      </span>
      {status}
    </span>
  );
}
