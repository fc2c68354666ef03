"use client";

import { useEffect, useRef } from "react";

/**
 * Focus follows an inline step (edit, confirm): `target` gets it when the step
 * opens, `trigger` gets it back when the step closes, so the keyboard never
 * loses its place. Set `returnOnClose.current = false` when the step closes
 * because focus went elsewhere (a blur), so it is not taken back.
 */
export function useFocusSwap<Trigger extends HTMLElement, Target extends HTMLElement>(open: boolean) {
  const trigger = useRef<Trigger>(null);
  const target = useRef<Target>(null);
  const returnOnClose = useRef(true);
  const wasOpen = useRef(open);
  useEffect(() => {
    if (open) target.current?.focus();
    else if (wasOpen.current && returnOnClose.current) trigger.current?.focus();
    if (!open) returnOnClose.current = true;
    wasOpen.current = open;
  }, [open]);
  return { trigger, target, returnOnClose };
}
