"use client";

import type { TrashNotice } from "./use-trash-runs";

/** What Delete or Restore on the selection did, with Undo after a delete. */
export function RunsTrashNotice({ notice, busy, onUndo, onDismiss }: { notice: TrashNotice | null; busy: boolean; onUndo: (ids: string[]) => void; onDismiss: () => void }) {
  if (!notice) return null;
  return (
    <div className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-white px-3 py-2 text-sm shadow-sm" role="status" data-testid="runs-trash-notice">
      <span className="text-slate-800">{notice.text}</span>
      {notice.undo.length > 0 && (
        <button type="button" disabled={busy} onClick={() => onUndo(notice.undo)} className="font-medium text-indigo-700 hover:underline disabled:opacity-50" data-testid="undo-delete">
          Undo
        </button>
      )}
      <button type="button" onClick={onDismiss} className="ml-auto text-slate-400 hover:text-slate-700" aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
