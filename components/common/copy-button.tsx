"use client";

import { useState, type ReactNode } from "react";

/** A small button that copies `text` and says so for a moment. */
export function CopyButton({ text, label, children }: { text: string; label: string; children?: ReactNode }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setCopied(true);
          window.setTimeout(() => setCopied(false), 1200);
        } catch {
          // Clipboard blocked: nothing to do.
        }
      }}
      className="inline-flex items-center gap-1 rounded px-1 text-xs text-slate-400 hover:bg-slate-100 hover:text-slate-700"
    >
      {children}
      <span>{copied ? "copied" : "copy"}</span>
    </button>
  );
}
