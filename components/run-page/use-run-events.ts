"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { isLiveStatus } from "@/components/runs/run-status";
import type { RunView } from "@/server/runs/service";
import { LIVE_POLL_MS } from "./use-live-run";

/** The run's queue events (queued, leased, started, cancel requested, ended), polled while it is live and read again when its status changes. */
export function useRunEvents(run: Pick<RunView, "id" | "status">) {
  const trpc = useTRPC();
  const live = isLiveStatus(run.status);
  const query = useQuery(trpc.jobs.events.queryOptions({ runId: run.id }, { refetchInterval: live ? LIVE_POLL_MS : false }));
  const { refetch } = query;
  useEffect(() => {
    void refetch();
  }, [run.status, refetch]);
  return query.data ?? [];
}
