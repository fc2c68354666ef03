"use client";

import { useState } from "react";

/** A titled code block with a copy button. */
export function CodeSnippet({ title, code, testId }: { title: string; code: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 1500);
    } catch {
      // Clipboard blocked (insecure context): the text is still selectable.
    }
  };
  return (
    <div className="overflow-hidden rounded-lg border border-slate-800 bg-slate-900 text-left shadow-sm" data-testid={testId}>
      <div className="flex items-center justify-between border-b border-slate-800 px-3 py-1.5">
        <span className="text-xs font-medium text-slate-400">{title}</span>
        <button
          type="button"
          onClick={copy}
          className="rounded px-1.5 py-0.5 text-xs text-slate-400 hover:bg-slate-800 hover:text-slate-100 focus-visible:outline focus-visible:outline-indigo-400"
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <pre className="overflow-x-auto px-4 py-3 font-mono text-[12.5px] leading-relaxed text-slate-100">
        <code>{code}</code>
      </pre>
    </div>
  );
}
