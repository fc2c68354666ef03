import type { ApiKeyRole } from "@/db/schema";

/** What each key role may do, in one line: the create form's choices and the table's role pills. */
export const API_KEY_ROLE_INFO: Record<ApiKeyRole, { label: string; short: string; detail: string; pill: string }> = {
  viewer: {
    label: "Viewer",
    short: "read-only",
    detail: "For someone who only reads: sign in to this dashboard read-only and GET from REST v1. It cannot log, launch, edit or manage keys.",
    pill: "bg-slate-50 text-slate-700 ring-slate-200",
  },
  sdk: {
    label: "SDK",
    short: "trainers log runs",
    detail: "For a trainer or script: create runs and log metrics, evals, trajectories and logs, in any project or in the one it is limited to. It cannot launch, cancel or manage keys.",
    pill: "bg-sky-50 text-sky-700 ring-sky-200",
  },
  worker: {
    label: "Worker",
    short: "GPU hosts run jobs",
    detail: "For the worker agent on a GPU host: lease queued runs, heartbeat and report their output (and what an SDK key may).",
    pill: "bg-violet-50 text-violet-700 ring-violet-200",
  },
  admin: {
    label: "Admin",
    short: "everything",
    detail: "Everything: sign in to this dashboard, launch and cancel runs, create and revoke keys. Hand these out sparingly.",
    pill: "bg-amber-50 text-amber-800 ring-amber-200",
  },
};

/** The order the form offers them: least power first. */
export const API_KEY_ROLE_CHOICES: ApiKeyRole[] = ["viewer", "sdk", "worker", "admin"];
