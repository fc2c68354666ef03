"use client";

import { forwardRef } from "react";

interface Props {
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  label: string;
  shortcut?: string;
  testId?: string;
}

/** A search box with a magnifier, an optional shortcut hint and Escape to clear. */
export const SearchInput = forwardRef<HTMLInputElement, Props>(function SearchInput(
  { value, onChange, placeholder, label, shortcut, testId },
  ref,
) {
  return (
    <div className="relative">
      <svg aria-hidden viewBox="0 0 20 20" className="pointer-events-none absolute left-2.5 top-1/2 h-4 w-4 -translate-y-1/2 text-slate-400">
        <path
          fill="currentColor"
          d="M8.5 3a5.5 5.5 0 014.38 8.82l3.65 3.65a.75.75 0 11-1.06 1.06l-3.65-3.65A5.5 5.5 0 118.5 3zm0 1.5a4 4 0 100 8 4 4 0 000-8z"
        />
      </svg>
      <input
        ref={ref}
        type="search"
        value={value}
        aria-label={label}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            onChange("");
            e.currentTarget.blur();
          }
        }}
        data-testid={testId}
        className="h-8 w-64 rounded-md border border-slate-300 bg-white pl-8 pr-8 text-sm shadow-sm outline-none placeholder:text-slate-400 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20"
      />
      {shortcut && !value && (
        <kbd className="pointer-events-none absolute right-2 top-1/2 -translate-y-1/2 rounded border border-slate-200 bg-slate-50 px-1.5 font-mono text-[10px] text-slate-400">
          {shortcut}
        </kbd>
      )}
    </div>
  );
});
