import type { ReactNode } from "react";

/** The quiet box a chart shows instead of a plot (loading, no data yet). */
export function ChartMessage({ height, children }: { height: number; children: ReactNode }) {
  return (
    <div
      className="flex items-center justify-center rounded-md border border-dashed border-slate-200 bg-slate-50/60 text-xs text-slate-400"
      style={{ height }}
    >
      {children}
    </div>
  );
}
