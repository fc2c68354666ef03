"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { DEFAULT_LIST_PARAMS, parseListParams, serializeListParams, type TrajectoryListParams } from "./list-params";

/**
 * The trajectory list's filters and order: component state mirrored into the
 * URL with `history.replaceState` (shareable, reloadable, never slowed by routing);
 * a navigation that changes the query from outside resets them from the URL.
 */
export function useListParams() {
  const search = useSearchParams();
  const pathname = usePathname();
  const query = search.toString();
  const [params, setState] = useState<TrajectoryListParams>(() => parseListParams(new URLSearchParams(query)));
  const written = useRef(serializeListParams(params));
  const latest = useRef(params);
  latest.current = params;

  useEffect(() => {
    const fromUrl = parseListParams(new URLSearchParams(query));
    if (serializeListParams(fromUrl) !== written.current) {
      written.current = serializeListParams(fromUrl);
      setState(fromUrl);
    }
  }, [query]);

  const setParams = useCallback(
    (patch: Partial<TrajectoryListParams>) => {
      const next = { ...latest.current, ...patch };
      latest.current = next;
      written.current = serializeListParams(next);
      window.history.replaceState(window.history.state, "", `${pathname}${written.current}`);
      setState(next);
    },
    [pathname],
  );

  const clearFilters = useCallback(
    () => setParams({ ...DEFAULT_LIST_PARAMS, sort: latest.current.sort, dir: latest.current.dir }),
    [setParams],
  );

  return { params, setParams, clearFilters };
}
