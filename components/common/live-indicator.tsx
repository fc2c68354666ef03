"use client";

import { useNow } from "./use-now";

/** "Live · updated 2s ago", or the last fetch error; `paused` when the page stopped polling. */
export function LiveIndicator({ updatedAt, error, paused = false }: { updatedAt: number; error: string | null; paused?: boolean }) {
  const now = useNow(1000, !paused);
  if (error) {
    return (
      <span className="inline-flex items-center gap-1.5 text-xs text-red-600" role="status" title={error}>
        <span className="h-1.5 w-1.5 rounded-full bg-red-500" /> Can’t reach the server, retrying…
      </span>
    );
  }
  if (paused) {
    return <span className="text-xs text-slate-400">Run ended · not polling</span>;
  }
  const age = updatedAt ? Math.max(0, Math.round((now - updatedAt) / 1000)) : null;
  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-slate-500" role="status" suppressHydrationWarning>
      <span className="relative flex h-1.5 w-1.5">
        <span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-emerald-400 opacity-75" />
        <span className="relative inline-flex h-1.5 w-1.5 rounded-full bg-emerald-500" />
      </span>
      Live{age != null && age > 3 ? ` · updated ${age}s ago` : ""}
    </span>
  );
}
