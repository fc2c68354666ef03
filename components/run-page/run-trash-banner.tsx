"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { loginHref, useSession } from "@/components/auth/use-session";
import { RelativeTime } from "@/components/common/relative-time";
import { useTRPC } from "@/components/providers/trpc";
import { useRunChanged } from "@/components/runs/use-run-changed";
import type { RunView } from "@/server/runs/service";

/** Above a deleted run's page: it is in the trash, its data is kept, and Restore brings it back. */
export function RunTrashBanner({ run }: { run: RunView }) {
  const trpc = useTRPC();
  const runChanged = useRunChanged();
  const { signedIn, known } = useSession();
  const restore = useMutation(trpc.runs.restore.mutationOptions({ onSuccess: runChanged }));
  if (!run.deletedAt) return null;
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
              Sign in to restore
            </Link>
          )
        )}
      </div>
    </div>
  );
}
