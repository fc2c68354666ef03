import type { ReactNode } from "react";

export const inputClass = (invalid: boolean) =>
  `h-9 w-full rounded-md border bg-white px-2.5 text-sm shadow-sm outline-none focus:ring-2 disabled:bg-slate-50 disabled:text-slate-400 ${
    invalid ? "border-red-400 focus:border-red-500 focus:ring-red-500/20" : "border-slate-300 focus:border-indigo-500 focus:ring-indigo-500/20"
  }`;

/** A labelled form field with a hint below it, replaced by the error when there is one. */
export function Field({
  id,
  label,
  name,
  hint,
  error,
  children,
  wide,
}: {
  id: string;
  label: string;
  name?: string;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
  wide?: boolean;
}) {
  return (
    <div className={wide ? "sm:col-span-2" : undefined} data-testid={`field-${id}`}>
      <label htmlFor={id} className="flex items-baseline gap-2 text-sm font-medium text-slate-800">
        {label}
        {name && name !== label && <span className="font-mono text-[11px] font-normal text-slate-400">{name}</span>}
      </label>
      <div className="mt-1">{children}</div>
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-xs text-red-700" role="alert" data-testid={`error-${id}`}>
          {error}
        </p>
      ) : (
        hint && <p className="mt-1 text-xs text-slate-500">{hint}</p>
      )}
    </div>
  );
}
