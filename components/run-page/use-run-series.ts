"use client";

import { useQueries } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPC } from "@/components/providers/trpc";
import type { SeriesPoint } from "@/components/charts/chart-rows";

/** Points per line the server down-samples to; charts never see raw rows. */
export const MAX_POINTS_PER_LINE = 1000;
const KEYS_PER_REQUEST = 50;

/**
 * Down-sampled series for many keys of one run, fetched in chunks. The run
 * page refreshes them when the run reports new data (no polling of its own).
 * Returns `undefined` for a key until its chunk has loaded.
 */
export function useRunSeries(runId: string, keys: readonly string[], enabled = true): Record<string, SeriesPoint[] | undefined> {
  const trpc = useTRPC();
  const chunks = useMemo(() => {
    const out: string[][] = [];
    for (let i = 0; i < keys.length; i += KEYS_PER_REQUEST) out.push(keys.slice(i, i + KEYS_PER_REQUEST));
    return out;
  }, [keys]);
  const results = useQueries({
    queries: chunks.map((chunk) =>
      trpc.metrics.series.queryOptions({ runId, keys: chunk, maxPoints: MAX_POINTS_PER_LINE }, { enabled }),
    ),
  });
  // A fresh object each render is fine: each key's array keeps its identity while its data is unchanged.
  const out: Record<string, SeriesPoint[] | undefined> = {};
  for (const r of results) if (r.data) Object.assign(out, r.data);
  return out;
}
