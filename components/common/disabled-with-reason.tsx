"use client";

import { useId, type ReactNode } from "react";

/**
 * A button that cannot be used right now and says why on hover and on focus
 * (it stays in the tab order, so keyboard users hear the reason too).
 */
export function DisabledWithReason({ children, reason, className, testId }: { children: ReactNode; reason: ReactNode; className: string; testId?: string }) {
  const tooltipId = useId();
  return (
    <span className="group relative inline-block">
      <button type="button" aria-disabled="true" aria-describedby={tooltipId} className={`${className} cursor-not-allowed`} data-testid={testId}>
        {children}
      </button>
      <span
        id={tooltipId}
        role="tooltip"
        className="pointer-events-none absolute right-0 top-full z-10 mt-1 hidden w-64 rounded-md bg-slate-900 px-2.5 py-1.5 text-left text-xs font-normal text-white shadow-lg group-focus-within:block group-hover:block"
      >
        {reason}
      </span>
    </span>
  );
}
