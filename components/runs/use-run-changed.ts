"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTRPC } from "@/components/providers/trpc";
import type { RunView } from "@/server/runs/service";

/**
 * After a run was renamed, re-tagged, deleted or restored: its page shows the
 * server's answer at once (no refetch), and run lists and comparisons read again.
 */
export function useRunChanged() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    (run: RunView) => {
      queryClient.setQueryData(trpc.runs.byId.queryKey({ id: run.id }), (old) => (old ? { ...old, run } : old));
      void queryClient.invalidateQueries(trpc.runs.list.pathFilter());
      void queryClient.invalidateQueries(trpc.runs.page.pathFilter());
      void queryClient.invalidateQueries(trpc.compare.pathFilter());
    },
    [queryClient, trpc],
  );
}
