"use client";

import { useEffect, useId, useState } from "react";
import type { ValueMode } from "@/server/compare/pick-value";

/** Final, best, or at step N: which value of each run the table shows. */
export function ValueModePicker({ mode, onChange, maxStep }: { mode: ValueMode; onChange: (m: ValueMode) => void; maxStep: number | null }) {
  const stepId = useId();
  const [draft, setDraft] = useState(mode.kind === "step" ? String(mode.step) : "");
  useEffect(() => {
    if (mode.kind === "step") setDraft(String(mode.step));
  }, [mode]);
  const commit = (text: string) => {
    const n = Number(text);
    if (text.trim() !== "" && Number.isInteger(n) && n >= 0) onChange({ kind: "step", step: n });
  };
  const option = (kind: ValueMode["kind"], label: string, title: string) => (
    <button
      type="button"
      role="radio"
      aria-checked={mode.kind === kind}
      title={title}
      data-testid={`value-mode-${kind}`}
      onClick={() => (kind === "step" ? commit(draft || String(maxStep ?? 0)) : onChange({ kind } as ValueMode))}
      className={`rounded px-2.5 py-0.5 text-xs font-medium transition ${mode.kind === kind ? "bg-white text-slate-900 shadow-sm" : "text-slate-500 hover:text-slate-800"}`}
    >
      {label}
    </button>
  );
  return (
    <div className="flex items-center gap-2 text-sm">
      <span className="text-slate-600">Value</span>
      <div className="inline-flex items-center rounded-md border border-slate-200 bg-slate-50 p-0.5" role="radiogroup" aria-label="Value shown">
        {option("final", "Final", "The last logged value of each run")}
        {option("best", "Best", "The highest value each run reached")}
        {option("step", "At step", "The value at the closest logged step at or before N")}
      </div>
      <label htmlFor={stepId} className="sr-only">
        Step N
      </label>
      <input
        id={stepId}
        type="number"
        min={0}
        step={1}
        inputMode="numeric"
        placeholder={maxStep != null ? String(maxStep) : "N"}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => commit(draft)}
        onKeyDown={(e) => e.key === "Enter" && commit(draft)}
        data-testid="value-mode-step-input"
        className={`h-7 w-20 rounded-md border bg-white px-2 font-mono text-xs tabular-nums outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20 ${
          mode.kind === "step" ? "border-indigo-300" : "border-slate-300"
        }`}
      />
    </div>
  );
}
