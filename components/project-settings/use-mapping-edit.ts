"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTRPC } from "@/components/providers/trpc";

/**
 * After an alias or rule changed: the settings, the preview, and every view
 * that reads through the mapping (run signatures, series, runs table, compare)
 * answer differently now.
 */
export function useMappingChanged() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.projects.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.metrics.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.runs.list.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.runs.page.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.compare.pathKey() }),
    ]);
  }, [queryClient, trpc]);
}
