"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { ChevronDown, ComboboxSearch } from "@/components/common/combobox-parts";
import { useCombobox } from "@/components/common/use-combobox";
import { useTRPC } from "@/components/providers/trpc";
import { rememberProject } from "./project-cookie";

/** Pages scoped to the chosen project, and where choosing one from elsewhere leads. */
const SCOPED = ["/compare", "/launch"];

/**
 * The header's project switcher: a searchable list of every project. The
 * choice is remembered (a cookie) and scopes the runs table, compare and
 * launch; a page's own `?project=` still wins, so links stay shareable.
 */
export function ProjectSwitcher({ chosen }: { chosen: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const current = params.has("project") && (pathname === "/" || SCOPED.includes(pathname)) ? (params.get("project") ?? "") : chosen;
  const { open, setOpen, search, setSearch, active, setActive, rootRef, inputRef, listId, close, keysFor } = useCombobox();
  const projects = useQuery(trpc.projects.list.queryOptions(undefined, { enabled: open, staleTime: 10_000 }));
  const q = search.trim().toLowerCase();
  const names = ["", ...(projects.data ?? []).map((p) => p.name).filter((n) => n.toLowerCase().includes(q))];

  const choose = (name: string) => {
    close();
    rememberProject(name);
    const target = SCOPED.includes(pathname) ? pathname : pathname === "/" || pathname.startsWith("/runs/") ? "/" : null;
    if (target) router.push(target);
    router.refresh();
  };
  const onKeyDown = keysFor(names.length, (i) => choose(names[i]));

  return (
    <div ref={rootRef} className="relative">
      <button
        type="button"
        aria-haspopup="listbox"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        title={current ? `Project ${current}` : "Every project"}
        data-testid="project-switcher"
        data-value={current}
        className="inline-flex h-8 max-w-56 items-center gap-1.5 rounded-md border border-slate-200 bg-white px-2.5 text-sm text-slate-700 shadow-sm hover:bg-slate-50"
      >
        <span className="text-slate-400">Project</span>
        <span className="truncate font-medium">{current || "All projects"}</span>
        <ChevronDown />
      </button>
      {open && (
        <div className="absolute left-0 top-9 z-40 w-72 rounded-lg border border-slate-200 bg-white p-1.5 shadow-lg">
          <ComboboxSearch
            inputRef={inputRef}
            listId={listId}
            active={active}
            label="Search projects"
            value={search}
            onSearch={setSearch}
            onKeyDown={onKeyDown}
            testId="project-switcher-search"
          />
          <ul id={listId} role="listbox" aria-label="Projects" className="max-h-80 overflow-y-auto">
            {names.map((name, i) => (
              <li
                key={name || "(all)"}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={name === current}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => choose(name)}
                onMouseEnter={() => setActive(i)}
                title={name || undefined}
                data-testid="project-option"
                data-value={name}
                className={`cursor-pointer truncate rounded px-2 py-1 text-sm ${i === active ? "bg-indigo-50" : ""} ${name === current ? "font-medium text-indigo-800" : "text-slate-700"}`}
              >
                {name || "All projects"}
              </li>
            ))}
          </ul>
          {projects.data && names.length === 1 && q && <p className="px-2 py-1 text-sm text-slate-500">No project matches.</p>}
        </div>
      )}
    </div>
  );
}
