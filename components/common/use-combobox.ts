"use client";

import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";

/**
 * A searchable popup list's state and keys: open/closed, the search text, the
 * highlighted option (back to the first as the search changes), focus on the
 * search box when it opens, closing on a click outside. `keysFor(count, pick)`
 * gives the search box's key handler: ↓/↑ move, Enter picks the highlighted
 * option, Escape closes.
 */
export function useCombobox() {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const [active, setActive] = useState(0);
  const rootRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();

  useEffect(() => {
    if (!open) return;
    inputRef.current?.focus();
    const onDown = (e: MouseEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);
  useEffect(() => setActive(0), [search]);

  /** Closes the list and clears its search (after a pick). */
  const close = () => {
    setOpen(false);
    setSearch("");
  };
  const keysFor = (count: number, pick: (index: number) => void) => (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(0, Math.min(count - 1, a + (e.key === "ArrowDown" ? 1 : -1))));
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (active < count) pick(active);
    } else if (e.key === "Escape") {
      e.preventDefault();
      setOpen(false);
    }
  };
  return { open, setOpen, search, setSearch, active, setActive, rootRef, inputRef, listId, close, keysFor };
}
