"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { DEFAULT_FILTERS, parseRunsFilters, serializeRunsFilters, type RunsFilters } from "./runs-filters";

/**
 * The runs table's filters. They live in component state (so typing is never
 * slowed by routing) and are mirrored into the URL with `history.replaceState`,
 * so a view can be shared and reloaded. A navigation that changes the query
 * from outside (a link to `/?group=…`) resets them from the URL. Without
 * `project=` in the URL the list is over `defaultProject` (the header's choice).
 */
export function useRunsFilters(defaultProject = "") {
  const params = useSearchParams();
  const pathname = usePathname();
  const query = params.toString();
  const [filters, setState] = useState<RunsFilters>(() => parseRunsFilters(new URLSearchParams(query), defaultProject));
  const written = useRef(serializeRunsFilters(filters, defaultProject));

  useEffect(() => {
    const fromUrl = parseRunsFilters(new URLSearchParams(query), defaultProject);
    if (serializeRunsFilters(fromUrl, defaultProject) !== written.current) {
      written.current = serializeRunsFilters(fromUrl, defaultProject);
      setState(fromUrl);
    }
  }, [query, defaultProject]);

  const latest = useRef(filters);
  latest.current = filters;

  const setFilters = useCallback(
    (patch: Partial<RunsFilters>) => {
      const next = { ...latest.current, ...patch };
      latest.current = next;
      written.current = serializeRunsFilters(next, defaultProject);
      window.history.replaceState(window.history.state, "", `${pathname}${written.current}`);
      setState(next);
    },
    [pathname, defaultProject],
  );

  const clearFilters = useCallback(
    () => setFilters({ status: "", group: "", tag: "", search: "", sort: DEFAULT_FILTERS.sort, dir: DEFAULT_FILTERS.dir }),
    [setFilters],
  );

  return { filters, setFilters, clearFilters };
}
