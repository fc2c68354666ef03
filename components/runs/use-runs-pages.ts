"use client";

import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useEffect, useMemo, useRef } from "react";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import type { AppRouter } from "@/server/root";
import { mergeRunChanges } from "./merge-run-changes";
import { runsPageQuery, type RunsFilters } from "./runs-filters";

export type RunsPage = inferRouterOutputs<AppRouter>["runs"]["page"];

/** How often "Live" asks what changed. */
export const LIVE_POLL_MS = 2000;

/**
 * The runs table's data: pages of `runs.page` read as the table scrolls
 * (server-side filter, sort and keyset paging over the whole history), kept
 * live by polling `runs.changes` every 2 s, which sends only the runs updated
 * since the last poll; they are merged into the loaded pages here.
 */
export function useRunsPages(filters: RunsFilters, initial: { key: string; page: RunsPage } | null) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const input = runsPageQuery(filters);
  const key = JSON.stringify(input);
  const options = trpc.runs.page.infiniteQueryOptions(input, {
    getNextPageParam: (p) => p.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    // Live keeps the pages current; a full re-read happens only when asked (reset, trash actions).
    staleTime: Infinity,
    initialData: initial && initial.key === key ? { pages: [initial.page], pageParams: [null] } : undefined,
  });
  const pages = useInfiniteQuery(options);
  const data = pages.isPlaceholderData ? undefined : pages.data;
  const dataRef = useRef(data);
  dataRef.current = data;

  const changes = useQuery({
    queryKey: ["runs-live", key],
    queryFn: async () => {
      const since = dataRef.current?.pages[0]?.changesCursor;
      if (since == null) return null;
      return { since, changes: await client.runs.changes.query({ ...input, since }) };
    },
    enabled: !!data,
    refetchInterval: LIVE_POLL_MS,
    gcTime: 0,
  });

  const merged = useRef<unknown>(null);
  useEffect(() => {
    const result = changes.data;
    if (!result || merged.current === result) return;
    merged.current = result;
    const { changes: c } = result;
    if (c.reset) {
      void queryClient.invalidateQueries({ queryKey: options.queryKey });
      return;
    }
    queryClient.setQueryData<InfiniteData<RunsPage>>(options.queryKey, (old) => {
      // A poll that started before the pages were read again is stale.
      if (!old?.pages.length || old.pages[0].changesCursor !== result.since) return old;
      return { ...old, pages: mergeRunChanges(old.pages, c, { sort: filters.sort, dir: filters.dir }, Date.now()) };
    });
  }, [changes.data, queryClient, options.queryKey, filters.sort, filters.dir]);

  // What is shown: the loaded pages, or the previous filters' while the new ones load.
  const shown = pages.data?.pages;
  const runs = useMemo(() => shown?.flatMap((p) => p.runs) ?? [], [shown]);
  const latestPass1 = useMemo(() => Object.assign({}, ...(shown ?? []).map((p) => p.latestPass1)) as RunsPage["latestPass1"], [shown]);
  const first = shown?.[0];
  return {
    /** The pages of these filters are loaded (not the previous filters' shown meanwhile). */
    ready: !!data,
    runs,
    latestPass1,
    skills: first?.skills ?? [],
    total: first?.total ?? null,
    matched: first?.matched ?? null,
    trashed: first?.trashed ?? 0,
    hasMore: !!pages.hasNextPage,
    loadingMore: pages.isFetchingNextPage,
    loadMore: pages.fetchNextPage,
    updatedAt: Math.max(changes.dataUpdatedAt, pages.dataUpdatedAt),
    error: pages.isError ? pages.error.message : changes.isError ? changes.error.message : null,
  };
}
