"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
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
        <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4 shrink-0 text-slate-400">
          <path fill="currentColor" d="M5.2 7.2a.75.75 0 0 1 1.06 0L10 10.94l3.74-3.74a.75.75 0 1 1 1.06 1.06l-4.27 4.27a.75.75 0 0 1-1.06 0L5.2 8.26a.75.75 0 0 1 0-1.06Z" />
        </svg>
      </button>
      {open && (
        <div className="absolute left-0 top-9 z-40 w-72 rounded-lg border border-slate-200 bg-white p-1.5 shadow-lg">
          <input
            ref={inputRef}
            type="search"
            role="combobox"
            aria-controls={listId}
            aria-expanded
            aria-activedescendant={`${listId}-${active}`}
            aria-label="Search projects"
            placeholder="Search projects"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={onKeyDown}
            data-testid="project-switcher-search"
            className="mb-1 h-8 w-full rounded-md border border-slate-300 px-2 text-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20"
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
