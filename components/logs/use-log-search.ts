"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";

const DEBOUNCE_MS = 300;
const LIVE_SEARCH_MS = 5000;

/** Server-side search of a run's log for the (debounced) query; refreshed every 5 s while the run is live. */
export function useLogSearch(runId: string, input: string, live: boolean) {
  const trpc = useTRPC();
  const [query, setQuery] = useState(input.trim());
  useEffect(() => {
    const t = setTimeout(() => setQuery(input.trim()), DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [input]);
  const result = useQuery(
    trpc.logs.search.queryOptions(
      { runId, query },
      { enabled: query.length > 0, refetchInterval: live ? LIVE_SEARCH_MS : false },
    ),
  );
  const current = query.length > 0 && result.data ? result.data : null;
  return { query, matches: current?.matches ?? [], more: current?.more ?? false, searching: result.isFetching && query.length > 0, pending: input.trim() !== query };
}
