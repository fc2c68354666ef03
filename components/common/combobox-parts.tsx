import type { ChangeEvent, KeyboardEvent, RefObject } from "react";

/** The ▾ of a button that opens a popup list. */
export function ChevronDown() {
  return (
    <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4 shrink-0 text-slate-400">
      <path fill="currentColor" d="M5.2 7.2a.75.75 0 0 1 1.06 0L10 10.94l3.74-3.74a.75.75 0 1 1 1.06 1.06l-4.27 4.27a.75.75 0 0 1-1.06 0L5.2 8.26a.75.75 0 0 1 0-1.06Z" />
    </svg>
  );
}

/** The search box atop a popup list (`useCombobox`): a combobox whose highlighted option is `${listId}-${active}`. */
export function ComboboxSearch(props: {
  inputRef: RefObject<HTMLInputElement | null>;
  listId: string;
  active: number;
  label: string;
  value: string;
  onSearch: (value: string) => void;
  onKeyDown: (e: KeyboardEvent<HTMLInputElement>) => void;
  testId: string;
}) {
  return (
    <input
      ref={props.inputRef}
      type="search"
      role="combobox"
      aria-controls={props.listId}
      aria-expanded
      aria-activedescendant={`${props.listId}-${props.active}`}
      aria-label={props.label}
      placeholder={props.label}
      value={props.value}
      onChange={(e: ChangeEvent<HTMLInputElement>) => props.onSearch(e.target.value)}
      onKeyDown={props.onKeyDown}
      data-testid={props.testId}
      className="mb-1 h-8 w-full rounded-md border border-slate-300 px-2 text-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20"
    />
  );
}
