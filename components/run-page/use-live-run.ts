"use client";

import { useQuery, useQueryClient, type Query } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { inferRouterOutputs } from "@trpc/server";
import { useTRPC } from "@/components/providers/trpc";
import { isLiveStatus } from "@/components/runs/run-status";
import type { AppRouter } from "@/server/root";

export type RunById = inferRouterOutputs<AppRouter>["runs"]["byId"];

export const LIVE_POLL_MS = 2000;

const isForRun = (runId: string) => (q: Query) => (q.queryKey[1] as { input?: { runId?: string } } | undefined)?.input?.runId === runId;

/**
 * The run, polled every 2 s while it is queued, starting or running, and not
 * at all once it ended. Whenever the run's `updatedAt` moves (new metrics,
 * evals or a status change), this run's metric and eval queries are refetched,
 * so charts update without polling each series on its own.
 */
export function useLiveRun(initial: RunById) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(
    trpc.runs.byId.queryOptions(
      { id: initial.run.id },
      {
        initialData: initial,
        refetchInterval: (q) => (isLiveStatus(q.state.data?.run.status) ? LIVE_POLL_MS : false),
        refetchIntervalInBackground: false,
      },
    ),
  );
  const data = query.data ?? initial;
  const runId = data.run.id;
  const updatedAt = data.run.updatedAt;

  const seen = useRef(updatedAt);
  useEffect(() => {
    if (seen.current === updatedAt) return;
    seen.current = updatedAt;
    const predicate = isForRun(runId);
    void queryClient.invalidateQueries({ ...trpc.metrics.pathFilter(), predicate });
    void queryClient.invalidateQueries({ ...trpc.evals.pathFilter(), predicate });
  }, [updatedAt, runId, queryClient, trpc]);

  return { ...data, live: isLiveStatus(data.run.status), dataUpdatedAt: query.dataUpdatedAt, error: query.isError ? query.error.message : null };
}
