"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { DisabledWithReason } from "@/components/common/disabled-with-reason";
import { useFocusSwap } from "@/components/common/use-focus-swap";
import { useTRPC } from "@/components/providers/trpc";
import { mustCancelBeforeDelete } from "@/components/runs/trash-selection";
import { useRunChanged } from "@/components/runs/use-run-changed";
import type { RunView } from "@/server/runs/service";
import { InlineConfirm } from "./inline-confirm";

const button = "inline-flex h-8 items-center rounded-md px-3 text-sm font-medium shadow-sm disabled:opacity-50";

/**
 * Delete: moves the run to the trash after an inline confirm (Escape or "Keep
 * it" backs out). Disabled, saying why, while a launched run is queued or running.
 */
export function RunDeleteAction({ run }: { run: RunView }) {
  const trpc = useTRPC();
  const runChanged = useRunChanged();
  const [confirming, setConfirming] = useState(false);
  const { trigger, target } = useFocusSwap<HTMLButtonElement, HTMLButtonElement>(confirming);
  const remove = useMutation(
    trpc.runs.remove.mutationOptions({
      onSuccess: (saved) => {
        setConfirming(false);
        runChanged(saved);
      },
    }),
  );

  if (mustCancelBeforeDelete(run)) {
    return (
      <DisabledWithReason reason="A queued or running run cannot be deleted: cancel it first." className={`${button} border border-slate-200 bg-white text-slate-400`} testId="delete-run">
        Delete
      </DisabledWithReason>
    );
  }
  if (!confirming) {
    return (
      <button
        type="button"
        ref={trigger}
        onClick={() => {
          remove.reset();
          setConfirming(true);
        }}
        className={`${button} border border-slate-300 bg-white text-slate-700 hover:border-red-200 hover:bg-red-50 hover:text-red-700`}
        data-testid="delete-run"
      >
        Delete
      </button>
    );
  }
  return (
    <InlineConfirm
      label="Confirm delete"
      message="Move this run to the trash? Its data is kept; you can restore it."
      confirmLabel="Move to trash"
      pendingLabel="Deleting…"
      pending={remove.isPending}
      error={remove.error?.message}
      onConfirm={() => remove.mutate({ id: run.id })}
      onBack={() => setConfirming(false)}
      backRef={target}
      testId="delete-confirm"
      confirmTestId="confirm-delete"
    />
  );
}
