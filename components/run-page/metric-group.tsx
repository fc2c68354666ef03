"use client";

import { useState } from "react";
import { MetricChart } from "@/components/charts/metric-chart";
import { seriesColor } from "@/components/charts/palette";
import { useRunSeries } from "./use-run-series";

/** One prefix's charts (`train/…`), folding away; its series load only while it is open. */
export function MetricGroup({ runId, prefix, keys, visibleKeys }: { runId: string; prefix: string; keys: string[]; visibleKeys: string[] }) {
  const [open, setOpen] = useState(true);
  const series = useRunSeries(runId, keys, open);
  return (
    <div className="rounded-xl border border-slate-200 bg-white shadow-sm" data-testid={`metric-group-${prefix}`}>
      <button
        type="button"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        className="flex w-full items-center gap-2 px-4 py-2.5 text-left text-sm font-semibold text-slate-800"
      >
        <span className={`text-[10px] text-slate-400 transition-transform ${open ? "rotate-90" : ""}`}>▶</span>
        {prefix}
        <span className="font-normal text-slate-400">
          {visibleKeys.length === keys.length ? keys.length : `${visibleKeys.length} of ${keys.length}`}
        </span>
      </button>
      {open && (
        <div className="grid grid-cols-1 gap-x-6 gap-y-5 border-t border-slate-100 p-4 md:grid-cols-2 xl:grid-cols-3">
          {visibleKeys.map((key, i) => (
            <MetricChart key={key} title={key} points={series[key]} color={seriesColor(key, i)} testId={`metric-chart-${key}`} />
          ))}
        </div>
      )}
    </div>
  );
}
