import type { TaskText } from "@/server/trajectories/turn-pages";
import { ClampedText } from "./clamped-text";

/** The task and issue text the agent was given. */
export function TaskPanel({ task, issueUrl }: { task: TaskText | null; issueUrl: string | null }) {
  if (!task && !issueUrl) return null;
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="task-title" data-testid="task-panel">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="task-title" className="text-sm font-semibold text-slate-900">
          Task
        </h2>
        <span className="text-xs text-slate-400">
          {task && `from ${task.source}`}
          {issueUrl && (
            <>
              {task && " · "}
              <a href={issueUrl} target="_blank" rel="noreferrer" className="text-indigo-700 hover:underline">
                issue ↗
              </a>
            </>
          )}
        </span>
      </div>
      {task && <ClampedText text={task.text} maxLines={14} mono={false} className="text-sm leading-6 text-slate-800" testId="task-text" />}
      {task && task.size > task.text.length && <p className="mt-1 text-xs text-amber-700">Cut at {task.text.length.toLocaleString("en-US")} of {task.size.toLocaleString("en-US")} characters.</p>}
    </section>
  );
}
