"use client";

import type { ReactNode, RefObject } from "react";

const button = "inline-flex h-7 items-center rounded-md px-3 text-sm font-medium shadow-sm disabled:opacity-50";

interface Props {
  /** What is being confirmed, for assistive tech ("Confirm cancel"). */
  label: string;
  message: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  pending: boolean;
  error: string | null | undefined;
  onConfirm: () => void;
  /** "Keep it" or Escape. */
  onBack: () => void;
  /** Gets focus when the confirm opens (see useFocusSwap). */
  backRef?: RefObject<HTMLButtonElement | null>;
  testId?: string;
  confirmTestId: string;
}

/** A run action's inline confirm, in red: the question, the action, "Keep it" (or Escape) to back out, and an error if it failed. */
export function InlineConfirm({ label, message, confirmLabel, pendingLabel, pending, error, onConfirm, onBack, backRef, testId, confirmTestId }: Props) {
  return (
    <div
      className="flex flex-wrap items-center gap-2 rounded-lg border border-red-200 bg-red-50 px-3 py-1.5"
      role="group"
      aria-label={label}
      onKeyDown={(e) => {
        if (e.key === "Escape") onBack();
      }}
      data-testid={testId}
    >
      <span className="text-sm text-red-900">{message}</span>
      <button type="button" disabled={pending} onClick={onConfirm} className={`${button} bg-red-600 text-white hover:bg-red-500`} data-testid={confirmTestId}>
        {pending ? pendingLabel : confirmLabel}
      </button>
      <button type="button" ref={backRef} onClick={onBack} className="text-sm text-slate-600 hover:text-slate-900">
        Keep it
      </button>
      {error && (
        <span className="basis-full text-xs text-red-700" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
