"use client";

import { useState } from "react";
import { useFocusSwap } from "@/components/common/use-focus-swap";
import { checkRunField, RUN_EDIT_LIMITS, runNotesInput } from "@/server/runs/edit-input";
import type { RunView } from "@/server/runs/service";
import { useUpdateRun } from "./use-update-run";

const button = "inline-flex h-7 items-center rounded-md px-2.5 text-xs font-medium shadow-sm disabled:opacity-50";

/**
 * The run's notes, line breaks kept. A signed-in admin gets Edit → a textarea
 * (Ctrl/⌘+Enter saves, Escape cancels); an empty text clears them. Read-only
 * visitors see the notes when there are any.
 */
export function RunNotes({ run, editable }: { run: RunView; editable: boolean }) {
  const [draft, setDraft] = useState<string | null>(null);
  const { trigger, target } = useFocusSwap<HTMLButtonElement, HTMLTextAreaElement>(draft !== null);
  const update = useUpdateRun(() => setDraft(null));
  const { error, setError } = update;

  if (!editable && !run.notes) return null;

  const cancel = () => {
    setDraft(null);
    setError(null);
  };
  const save = () => {
    if (draft === null) return;
    const checked = checkRunField(runNotesInput, draft);
    if (!checked.ok) return setError(`Notes: ${checked.error}`);
    if (checked.value === run.notes) return cancel();
    setError(null);
    update.save({ id: run.id, notes: draft });
  };

  return (
    <section className="space-y-1.5 border-t border-slate-100 pt-3" aria-labelledby="run-notes-title" data-testid="run-notes">
      <div className="flex items-center gap-3">
        <h2 id="run-notes-title" className="text-xs font-semibold uppercase tracking-wide text-slate-500">
          Notes
        </h2>
        {editable && draft === null && (
          <button
            type="button"
            ref={trigger}
            onClick={() => setDraft(run.notes ?? "")}
            className="text-xs font-medium text-indigo-700 hover:underline"
            data-testid="edit-notes"
          >
            {run.notes ? "Edit" : "Add notes"}
          </button>
        )}
      </div>
      {draft === null ? (
        run.notes ? (
          <p className="whitespace-pre-wrap break-words text-sm text-slate-700" data-testid="run-notes-text">
            {run.notes}
          </p>
        ) : (
          <p className="text-sm text-slate-400" data-testid="run-notes-empty">
            No notes
          </p>
        )
      ) : (
        <div className="space-y-1.5">
          <textarea
            ref={target}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") {
                e.preventDefault();
                cancel();
              } else if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                save();
              }
            }}
            rows={Math.min(16, Math.max(4, draft.split("\n").length + 1))}
            disabled={update.pending}
            aria-label="Run notes"
            aria-invalid={error ? true : undefined}
            placeholder="What this run tried, what went wrong, what to try next…"
            className="w-full max-w-3xl rounded-md border border-slate-300 bg-white px-2.5 py-2 text-sm text-slate-800 shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20"
            data-testid="run-notes-input"
          />
          <div className="flex flex-wrap items-center gap-2">
            <button type="button" onClick={save} disabled={update.pending} className={`${button} bg-indigo-600 text-white hover:bg-indigo-500`} data-testid="save-notes">
              {update.pending ? "Saving…" : "Save"}
            </button>
            <button type="button" onClick={cancel} disabled={update.pending} className={`${button} border border-slate-300 bg-white text-slate-700 hover:bg-slate-50`}>
              Cancel
            </button>
            <span className={`text-xs ${draft.length > RUN_EDIT_LIMITS.notes ? "text-red-700" : "text-slate-400"}`}>
              {draft.length.toLocaleString("en-US")} / {RUN_EDIT_LIMITS.notes.toLocaleString("en-US")} · Ctrl+Enter saves · Escape cancels
            </span>
          </div>
          {error && (
            <p className="text-xs text-red-700" role="alert" data-testid="run-notes-error">
              {error}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
