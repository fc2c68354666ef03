"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { formatBytes } from "@/components/trajectories/format";
import type { PurgeResult } from "@/server/runs/purge";
import type { RunView } from "@/server/runs/service";
import { describeTrashResult, splitForDelete } from "./trash-selection";

export interface TrashNotice {
  text: string;
  /** Runs just moved to the trash: Undo restores them. */
  undo: string[];
}

const isConflict = (e: unknown) => (e as { data?: { code?: string } } | null)?.data?.code === "CONFLICT";

/**
 * Delete and Restore for the runs table's selection: one request per run (the
 * tRPC link batches them), queued or running runs skipped, and a notice that
 * says what happened, with Undo after a delete.
 */
export function useTrashRuns() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.runs.remove.mutationOptions());
  const restore = useMutation(trpc.runs.restore.mutationOptions());
  const purge = useMutation(trpc.runs.purge.mutationOptions());
  const [notice, setNotice] = useState<TrashNotice | null>(null);
  const [busy, setBusy] = useState(false);

  const applyAll = useCallback(
    async <T>(ids: string[], change: (input: { id: string }) => Promise<T>) => {
      setBusy(true);
      try {
        const results = await Promise.allSettled(ids.map((id) => change({ id })));
        await Promise.all([queryClient.invalidateQueries(trpc.runs.pathFilter()), queryClient.invalidateQueries(trpc.compare.pathFilter())]);
        return {
          done: ids.filter((_, i) => results[i].status === "fulfilled"),
          values: results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : [])),
          conflicts: results.filter((r) => r.status === "rejected" && isConflict(r.reason)).length,
          failed: results.filter((r) => r.status === "rejected" && !isConflict(r.reason)).length,
        };
      } finally {
        setBusy(false);
      }
    },
    [queryClient, trpc],
  );

  const moveToTrash = useCallback(
    async (runs: RunView[]) => {
      const { deletable, inFlight } = splitForDelete(runs);
      const r = await applyAll(deletable, remove.mutateAsync);
      setNotice({ text: describeTrashResult("deleted", r.done.length, inFlight.length + r.conflicts, r.failed), undo: r.done });
    },
    [applyAll, remove.mutateAsync],
  );

  const restoreRuns = useCallback(
    async (ids: string[]) => {
      const r = await applyAll(ids, restore.mutateAsync);
      setNotice({ text: describeTrashResult("restored", r.done.length, 0, r.failed + r.conflicts), undo: [] });
    },
    [applyAll, restore.mutateAsync],
  );

  const purgeRuns = useCallback(
    async (ids: string[]) => {
      const r = await applyAll<PurgeResult>(ids, purge.mutateAsync);
      const freed = r.values.reduce((sum, v) => sum + v.bytesFreed, 0);
      const text = `Deleted ${r.done.length} run${r.done.length === 1 ? "" : "s"} for good (${formatBytes(freed)} freed).`;
      setNotice({ text: r.failed + r.conflicts ? `${text} ${r.failed + r.conflicts} could not be deleted; try again.` : text, undo: [] });
    },
    [applyAll, purge.mutateAsync],
  );

  return { moveToTrash, restoreRuns, purgeRuns, busy, notice, dismissNotice: () => setNotice(null) };
}
