"use client";

import { useId } from "react";
import { useChartSettings, type XAxisMode } from "./chart-settings";

const X_AXIS_OPTIONS: { value: XAxisMode; label: string }[] = [
  { value: "step", label: "Step" },
  { value: "relative", label: "Wall time" },
];

/** The toolbar that sets smoothing, x axis and log scale for every chart on the page. */
export function ChartControls() {
  const { smoothing, xAxis, logY, update } = useChartSettings();
  const sliderId = useId();
  const logId = useId();
  return (
    <div
      className="flex flex-wrap items-center gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white/90 px-4 py-2 text-sm shadow-sm backdrop-blur"
      data-testid="chart-controls"
    >
      <div className="flex items-center gap-2">
        <label htmlFor={sliderId} className="text-slate-600">
          Smoothing
        </label>
        <input
          id={sliderId}
          type="range"
          min={0}
          max={0.99}
          step={0.01}
          value={smoothing}
          onChange={(e) => update({ smoothing: Number(e.target.value) })}
          className="w-36 accent-indigo-600"
          data-testid="smoothing-slider"
        />
        <span className="w-9 font-mono text-xs tabular-nums text-slate-700">{smoothing.toFixed(2)}</span>
      </div>

      <div className="flex items-center gap-2" role="radiogroup" aria-label="X axis">
        <span className="text-slate-600">X axis</span>
        <div className="inline-flex rounded-md border border-slate-200 bg-slate-50 p-0.5">
          {X_AXIS_OPTIONS.map((o) => (
            <button
              key={o.value}
              type="button"
              role="radio"
              aria-checked={xAxis === o.value}
              onClick={() => update({ xAxis: o.value })}
              className={`rounded px-2.5 py-0.5 text-xs font-medium transition ${
                xAxis === o.value ? "bg-white text-slate-900 shadow-sm" : "text-slate-500 hover:text-slate-800"
              }`}
            >
              {o.label}
            </button>
          ))}
        </div>
      </div>

      <label htmlFor={logId} className="flex cursor-pointer items-center gap-2 text-slate-600">
        <input
          id={logId}
          type="checkbox"
          checked={logY}
          onChange={(e) => update({ logY: e.target.checked })}
          className="h-4 w-4 rounded border-slate-300 accent-indigo-600"
          data-testid="log-scale-toggle"
        />
        Log scale
      </label>
    </div>
  );
}
