"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { loginHref, useSession } from "@/components/auth/use-session";
import { RelativeTime } from "@/components/common/relative-time";
import { useTRPC } from "@/components/providers/trpc";
import { useFocusSwap } from "@/components/common/use-focus-swap";
import { useRunChanged } from "@/components/runs/use-run-changed";
import type { RunView } from "@/server/runs/service";
import { InlineConfirm } from "./inline-confirm";

/** Above a deleted run's page: it is in the trash, its data is kept; Restore brings it back, Delete forever (after a confirm) removes it. */
export function RunTrashBanner({ run }: { run: RunView }) {
  const trpc = useTRPC();
  const runChanged = useRunChanged();
  const { signedIn, readOnly, known } = useSession();
  const router = useRouter();
  const restore = useMutation(trpc.runs.restore.mutationOptions({ onSuccess: runChanged }));
  const purge = useMutation(trpc.runs.purge.mutationOptions({ onSuccess: () => router.push("/?trash=1") }));
  const [confirming, setConfirming] = useState(false);
  const { trigger, target } = useFocusSwap<HTMLButtonElement, HTMLButtonElement>(confirming);
  if (!run.deletedAt) return null;
  if (confirming) {
    return (
      <InlineConfirm
        label="Confirm delete forever"
        message="Delete this run for good? Its metrics, evals, trajectories and logs are removed; this cannot be undone."
        confirmLabel="Delete forever"
        pendingLabel="Deleting…"
        pending={purge.isPending}
        error={purge.error?.message}
        onConfirm={() => purge.mutate({ id: run.id })}
        onBack={() => setConfirming(false)}
        backRef={target}
        testId="purge-run-confirm"
        confirmTestId="purge-run-confirm-button"
      />
    );
  }
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-amber-200 bg-amber-50 px-5 py-3" role="status" data-testid="run-trash-banner">
      <p className="text-sm text-amber-900">
        <span className="font-medium">This run is in the trash</span> (deleted <RelativeTime iso={run.deletedAt} />). It is hidden from run lists and comparisons;
        its metrics, trajectories and logs are kept.
      </p>
      <div className="flex items-center gap-3">
        {restore.error && (
          <span className="text-xs text-red-700" role="alert">
            {restore.error.message}
          </span>
        )}
        {signedIn && (
          <button
            type="button"
            ref={trigger}
            onClick={() => setConfirming(true)}
            className="inline-flex h-8 items-center rounded-md border border-amber-300 bg-white px-3 text-sm font-medium text-amber-900 shadow-sm hover:border-red-200 hover:bg-red-50 hover:text-red-700"
            data-testid="purge-run"
          >
            Delete forever
          </button>
        )}
        {signedIn ? (
          <button
            type="button"
            disabled={restore.isPending}
            onClick={() => restore.mutate({ id: run.id })}
            className="inline-flex h-8 items-center rounded-md bg-amber-600 px-3 text-sm font-medium text-white shadow-sm hover:bg-amber-500 disabled:opacity-50"
            data-testid="restore-run"
          >
            {restore.isPending ? "Restoring…" : "Restore"}
          </button>
        ) : (
          known && (
            <Link href={loginHref(`/runs/${run.id}`)} className="text-sm text-amber-900 underline-offset-2 hover:underline">
              {readOnly ? "Sign in with an admin key to restore" : "Sign in to restore"}
            </Link>
          )
        )}
      </div>
    </div>
  );
}
