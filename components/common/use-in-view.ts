"use client";

import { useEffect, useRef, useState } from "react";

/**
 * Whether the element is on screen or within `margin` of it. Charts use it to
 * draw only what can be seen, so a page of many charts stays quick to update.
 */
export function useInView<T extends Element>(margin = "400px"): [React.RefObject<T | null>, boolean] {
  const ref = useRef<T>(null);
  const [inView, setInView] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (typeof IntersectionObserver === "undefined") {
      setInView(true);
      return;
    }
    const observer = new IntersectionObserver(([entry]) => setInView(entry.isIntersecting), { rootMargin: `${margin} 0px` });
    observer.observe(el);
    return () => observer.disconnect();
  }, [margin]);
  return [ref, inView];
}
