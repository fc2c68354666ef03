"use client";

import { ClampedText } from "./clamped-text";

/** A JSON value pretty-printed; long output behind "Show all". */
export function JsonView({ value, maxLines = 30, testId }: { value: unknown; maxLines?: number; testId?: string }) {
  const text = typeof value === "string" ? value : (JSON.stringify(value, null, 2) ?? String(value));
  return <ClampedText text={text} maxLines={maxLines} maxChars={20_000} className="rounded-md bg-slate-50 p-2 text-slate-800" testId={testId} />;
}

/** Key → value rows: short scalars inline, multi-line strings and objects as blocks. */
export function KeyValues({ entries }: { entries: [string, unknown][] }) {
  return (
    <dl className="space-y-1.5 text-sm">
      {entries.map(([k, v]) => {
        const inline = v == null || typeof v === "number" || typeof v === "boolean" || (typeof v === "string" && !v.includes("\n") && v.length <= 160);
        return (
          <div key={k} className={inline ? "flex gap-2" : ""}>
            <dt className="shrink-0 font-mono text-xs leading-5 text-slate-500">{k}</dt>
            <dd className={`min-w-0 ${inline ? "break-words font-mono text-xs leading-5 text-slate-800" : "mt-0.5"}`}>
              {inline ? (v === undefined ? "undefined" : typeof v === "string" ? v.replace(/\r/g, "") : JSON.stringify(v)) : <JsonView value={v} maxLines={16} />}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
