"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ChevronDown, ComboboxSearch } from "@/components/common/combobox-parts";
import { useCombobox } from "@/components/common/use-combobox";
import { useDebounced } from "@/components/common/use-debounced";
import { useTRPC } from "@/components/providers/trpc";

interface Props {
  label: string;
  field: "group" | "tag";
  value: string;
  onChange: (value: string) => void;
  /** The list the options count runs of. */
  scope: { project?: string; deleted?: "only" };
  /** "groups", "tags": for "No groups match". */
  plural: string;
}

const OPTIONS_SHOWN = 50;

/**
 * A filter over many values (2,000 groups): a button that opens a searchable
 * list read from the server (`runs.filterOptions`), every value of the
 * project with its run count, not only those of the loaded rows.
 * ↓/↑ move, Enter picks, Escape closes.
 */
export function FilterCombobox({ label, field, value, onChange, scope, plural }: Props) {
  const trpc = useTRPC();
  const { open, setOpen, search, setSearch, active, setActive, rootRef, inputRef, listId, close, keysFor } = useCombobox();
  const debounced = useDebounced(search, 150);
  const query = useQuery(
    trpc.runs.filterOptions.queryOptions(
      { ...scope, field, search: debounced.trim() || undefined, limit: OPTIONS_SHOWN },
      { enabled: open, placeholderData: keepPreviousData, staleTime: 5000 },
    ),
  );
  const options = [{ value: "", count: null as number | null }, ...(query.data?.options ?? [])];

  const pick = (v: string) => {
    onChange(v);
    close();
  };
  const onKeyDown = keysFor(options.length, (i) => pick(options[i].value));

  return (
    <div ref={rootRef} className="relative flex items-center gap-1.5 text-sm">
      <span className="text-slate-500">{label}</span>
      <button
        type="button"
        aria-haspopup="listbox"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        title={value || undefined}
        data-testid={`filter-${field}`}
        data-value={value}
        className={`inline-flex h-8 max-w-52 items-center gap-1 rounded-md border bg-white pl-2 pr-1.5 text-sm shadow-sm outline-none focus-visible:border-indigo-500 focus-visible:ring-2 focus-visible:ring-indigo-500/20 ${
          value ? "border-indigo-300 text-indigo-800" : "border-slate-300 text-slate-700"
        }`}
      >
        <span className="truncate">{value || "Any"}</span>
        <ChevronDown />
      </button>
      {open && (
        <div className="absolute left-0 top-9 z-30 w-80 rounded-lg border border-slate-200 bg-white p-1.5 shadow-lg" data-testid={`filter-${field}-popover`}>
          <ComboboxSearch
            inputRef={inputRef}
            listId={listId}
            active={active}
            label={`Search ${plural}`}
            value={search}
            onSearch={setSearch}
            onKeyDown={onKeyDown}
            testId={`filter-${field}-search`}
          />
          <ul id={listId} role="listbox" aria-label={label} className="max-h-72 overflow-y-auto">
            {options.map((o, i) => (
              <li
                key={o.value || "(any)"}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={o.value === value}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick(o.value)}
                onMouseEnter={() => setActive(i)}
                title={o.value || undefined}
                data-testid={o.value ? `filter-${field}-option` : `filter-${field}-any`}
                data-value={o.value}
                className={`flex cursor-pointer items-center gap-2 rounded px-2 py-1 ${i === active ? "bg-indigo-50" : ""} ${o.value === value ? "font-medium text-indigo-800" : "text-slate-700"}`}
              >
                <span className="min-w-0 flex-1 truncate">{o.value || "Any"}</span>
                {o.count != null && <span className="shrink-0 text-xs tabular-nums text-slate-400">{o.count.toLocaleString("en-US")}</span>}
              </li>
            ))}
          </ul>
          {query.data && query.data.options.length === 0 && <p className="px-2 py-1 text-sm text-slate-500">No {plural} match.</p>}
          {query.data?.more && <p className="px-2 pt-1 text-xs text-slate-400">More {plural} match: type to narrow.</p>}
        </div>
      )}
    </div>
  );
}
