"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { loginHref, useSession } from "@/components/auth/use-session";
import { useTRPC } from "@/components/providers/trpc";
import { isLiveStatus } from "@/components/runs/run-status";
import type { RunView } from "@/server/runs/service";
import { InlineConfirm } from "./inline-confirm";
import { RunDeleteAction } from "./run-delete-action";
import { useRunEvents } from "./use-run-events";

const button = "inline-flex h-8 items-center rounded-md px-3 text-sm font-medium shadow-sm disabled:opacity-50";

/**
 * Cancel (queued or running runs, after a confirmation), Relaunch with changes
 * (runs launched from a recipe) and Delete (to the trash; signed-in admins).
 */
export function RunActions({ run }: { run: RunView }) {
  const { signedIn, readOnly, known } = useSession();
  const live = isLiveStatus(run.status);
  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      {live && signedIn && <CancelRun run={run} />}
      {run.recipe && (
        <Link
          href={`/launch?from=${encodeURIComponent(run.id)}`}
          className={`${button} border border-slate-300 bg-white text-slate-700 hover:bg-slate-50`}
          data-testid="relaunch"
        >
          Relaunch with changes
        </Link>
      )}
      {live && known && !signedIn && (
        <Link href={loginHref(`/runs/${run.id}`)} className="text-xs text-slate-500 hover:text-indigo-700 hover:underline">
          {readOnly ? "Sign in with an admin key to cancel" : "Sign in to cancel"}
        </Link>
      )}
      {signedIn && !run.deletedAt && <RunDeleteAction run={run} />}
    </div>
  );
}

function CancelRun({ run }: { run: RunView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const events = useRunEvents(run);
  const [confirming, setConfirming] = useState(false);
  const cancel = useMutation(
    trpc.launches.cancel.mutationOptions({
      onSuccess: () => {
        setConfirming(false);
        void queryClient.invalidateQueries(trpc.runs.byId.queryFilter({ id: run.id }));
        void queryClient.invalidateQueries(trpc.jobs.events.queryFilter({ runId: run.id }));
      },
    }),
  );
  const stopping = cancel.isSuccess || events.some((e) => e.kind === "cancel-requested");

  if (stopping) {
    return (
      <span className="inline-flex items-center gap-1.5 text-sm text-amber-800" role="status" data-testid="cancel-state">
        <span className="h-3 w-3 animate-spin rounded-full border-2 border-amber-300 border-t-amber-700" aria-hidden />
        Stopping… the worker ends the process on its next heartbeat
      </span>
    );
  }
  if (!confirming) {
    return (
      <button
        type="button"
        onClick={() => setConfirming(true)}
        className={`${button} border border-red-200 bg-white text-red-700 hover:bg-red-50`}
        data-testid="cancel-run"
      >
        Cancel run
      </button>
    );
  }
  return (
    <InlineConfirm
      label="Confirm cancel"
      message={run.status === "queued" ? "Remove this run from the queue?" : "Stop this run? Its process gets SIGTERM, then SIGKILL after the grace period."}
      confirmLabel="Yes, cancel run"
      pendingLabel="Canceling…"
      pending={cancel.isPending}
      error={cancel.error?.message}
      onConfirm={() => cancel.mutate({ runId: run.id })}
      onBack={() => {
        setConfirming(false);
        cancel.reset();
      }}
      confirmTestId="confirm-cancel"
    />
  );
}
