"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { parseCompareParams, serializeCompareParams, type CompareParams } from "./compare-params";

/**
 * The compare page's view state, mirrored into the URL with
 * `history.replaceState` (no navigation, so toggles stay instant); a
 * navigation that changes the query from outside resets it from the URL.
 */
export function useCompareParams() {
  const params = useSearchParams();
  const pathname = usePathname();
  const query = params.toString();
  const [state, setState] = useState<CompareParams>(() => parseCompareParams(new URLSearchParams(query)));
  const written = useRef(serializeCompareParams(state));

  useEffect(() => {
    const fromUrl = parseCompareParams(new URLSearchParams(query));
    if (serializeCompareParams(fromUrl) !== written.current) {
      written.current = serializeCompareParams(fromUrl);
      setState(fromUrl);
    }
  }, [query]);

  const latest = useRef(state);
  latest.current = state;
  const update = useCallback(
    (patch: Partial<CompareParams>) => {
      const next = { ...latest.current, ...patch };
      latest.current = next;
      written.current = serializeCompareParams(next);
      window.history.replaceState(window.history.state, "", `${pathname}${written.current}`);
      setState(next);
    },
    [pathname],
  );
  return [state, update] as const;
}
