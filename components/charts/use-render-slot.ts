"use client";

import { useEffect, useState } from "react";

/**
 * Charts take turns to mount, one per macrotask, instead of all in one long
 * task: a page of many charts stays responsive (scrolling, polling) while the
 * charts fill in.
 */
const waiting: (() => void)[] = [];
let scheduled = false;

function grantNext() {
  scheduled = false;
  waiting.shift()?.();
  if (waiting.length) schedule();
}

function schedule() {
  if (scheduled) return;
  scheduled = true;
  setTimeout(grantNext, 0);
}

/** True once this chart's turn has come (and while `wanted` stays true). */
export function useRenderSlot(wanted: boolean): boolean {
  const [granted, setGranted] = useState(false);
  useEffect(() => {
    if (!wanted || granted) return;
    const grant = () => setGranted(true);
    waiting.push(grant);
    schedule();
    return () => {
      const i = waiting.indexOf(grant);
      if (i >= 0) waiting.splice(i, 1);
    };
  }, [wanted, granted]);
  return wanted && granted;
}
