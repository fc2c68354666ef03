"use client";

import Link from "next/link";
import { useState } from "react";
import { useSession } from "@/components/auth/use-session";
import { DisabledWithReason } from "@/components/common/disabled-with-reason";
import { useFocusSwap } from "@/components/common/use-focus-swap";
import { compareHref } from "@/components/compare/compare-params";
import { InlineConfirm } from "@/components/run-page/inline-confirm";
import type { RunView } from "@/server/runs/service";
import { splitForDelete } from "./trash-selection";

interface Props {
  /** Selected run ids in table order (hidden ones last). */
  selected: string[];
  /** The selected runs, to tell which can be deleted. */
  selectedRuns: RunView[];
  hidden: number;
  group: string;
  project: string;
  /** The Trash view: Restore instead of Delete. */
  trash: boolean;
  busy: boolean;
  onDelete: (runs: RunView[]) => void;
  onRestore: (ids: string[]) => void;
  /** Deletes runs in the trash for good. */
  onPurge: (ids: string[]) => void;
  onClear: () => void;
}

const button = "inline-flex items-center rounded-md px-3 py-1.5 text-sm font-medium shadow-sm disabled:opacity-50";

/**
 * "Compare (N)" for the ticked runs, "Compare group" while the table is
 * filtered by a group, and, for a signed-in admin, "Delete (N)" (queued or
 * running runs are skipped) or, in the Trash view, "Restore (N)" and "Delete
 * forever (N)" (after an inline confirm: it cannot be undone).
 */
export function RunsSelectionBar({ selected, selectedRuns, hidden, group, project, trash, busy, onDelete, onRestore, onPurge, onClear }: Props) {
  const { signedIn } = useSession();
  const [confirmPurge, setConfirmPurge] = useState(false);
  const { trigger, target } = useFocusSwap<HTMLButtonElement, HTMLButtonElement>(confirmPurge);
  if (!selected.length && !group) return null;
  const { deletable } = splitForDelete(selectedRuns);
  return (
    <div className="flex flex-wrap items-center gap-3 rounded-lg border border-indigo-200 bg-indigo-50/60 px-3 py-2 text-sm" data-testid="runs-selection-bar">
      {selected.length > 0 && (
        <>
          <span className="text-indigo-900" data-testid="runs-selected-count">
            {selected.length} selected{hidden > 0 && <span className="text-indigo-700/70"> ({hidden} hidden by filters)</span>}
          </span>
          {selected.length >= 1 && (
            <Link href={compareHref({ runs: selected })} className={`${button} bg-indigo-600 text-white hover:bg-indigo-700`} data-testid="compare-selected">
              Compare ({selected.length})
            </Link>
          )}
          {signedIn && trash && (
            <button type="button" disabled={busy} onClick={() => onRestore(selected)} className={`${button} border border-indigo-300 bg-white text-indigo-800 hover:bg-indigo-50`} data-testid="restore-selected">
              Restore ({selected.length})
            </button>
          )}
          {signedIn && trash && !confirmPurge && (
            <button
              type="button"
              ref={trigger}
              disabled={busy}
              onClick={() => setConfirmPurge(true)}
              className={`${button} border border-slate-300 bg-white text-slate-700 hover:border-red-200 hover:bg-red-50 hover:text-red-700`}
              data-testid="purge-selected"
            >
              Delete forever ({selected.length})
            </button>
          )}
          {signedIn && trash && confirmPurge && (
            <InlineConfirm
              label="Confirm delete forever"
              message={`Delete ${selected.length} run${selected.length === 1 ? "" : "s"} for good? Metrics, evals, trajectories and logs are removed; this cannot be undone.`}
              confirmLabel="Delete forever"
              pendingLabel="Deleting…"
              pending={busy}
              error={null}
              onConfirm={() => {
                setConfirmPurge(false);
                onPurge(selected);
              }}
              onBack={() => setConfirmPurge(false)}
              backRef={target}
              testId="purge-confirm"
              confirmTestId="purge-confirm-button"
            />
          )}
          {signedIn && !trash && deletable.length > 0 && (
            <button
              type="button"
              disabled={busy}
              onClick={() => onDelete(selectedRuns)}
              title={deletable.length < selectedRuns.length ? "Queued or running runs are skipped: cancel them first." : "Move the selected runs to the trash"}
              className={`${button} border border-slate-300 bg-white text-slate-700 hover:border-red-200 hover:bg-red-50 hover:text-red-700`}
              data-testid="delete-selected"
            >
              Delete ({selected.length})
            </button>
          )}
          {signedIn && !trash && deletable.length === 0 && (
            <DisabledWithReason reason="Queued or running runs cannot be deleted: cancel them first." className={`${button} border border-slate-200 bg-white text-slate-400`} testId="delete-selected">
              Delete ({selected.length})
            </DisabledWithReason>
          )}
          <button type="button" onClick={onClear} className="text-indigo-700 underline-offset-2 hover:underline">
            Clear selection
          </button>
        </>
      )}
      {group && (
        <Link
          href={compareHref({ group, project: project || undefined })}
          className={`${button} ${selected.length ? "ml-auto" : ""} border border-indigo-300 bg-white text-indigo-800 hover:bg-indigo-50`}
          data-testid="compare-group"
        >
          Compare group {group}
        </Link>
      )}
    </div>
  );
}
