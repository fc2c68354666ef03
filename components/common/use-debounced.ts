"use client";

import { useEffect, useState } from "react";

/** `value`, once it has stopped changing for `ms` (typing in a filter sends one query, not one per key). */
export function useDebounced<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(t);
  }, [value, ms]);
  return settled;
}
