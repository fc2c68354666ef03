import type { WorkerView } from "@/server/jobs/hosts";

const STYLES: Record<WorkerView["state"], string> = {
  active: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  unresponsive: "bg-red-50 text-red-700 ring-red-300",
  stopped: "bg-slate-100 text-slate-600 ring-slate-200",
};
const DOTS: Record<WorkerView["state"], string> = { active: "bg-emerald-500", unresponsive: "bg-red-500", stopped: "bg-slate-400" };

/** The worker's state as a pill: active, unresponsive (missed its heartbeats) or stopped. */
export function WorkerStateBadge({ state }: { state: WorkerView["state"] }) {
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[state]}`} data-testid="worker-state" data-state={state}>
      <span className={`h-1.5 w-1.5 rounded-full ${DOTS[state]}`} aria-hidden />
      {state}
    </span>
  );
}
