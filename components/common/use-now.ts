"use client";

import { useCallback, useState, useSyncExternalStore } from "react";

interface Clock {
  now: number;
  listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | undefined;
}

/** One shared timer per interval, however many components read the time. */
const clocks = new Map<number, Clock>();

function clockFor(intervalMs: number): Clock {
  let clock = clocks.get(intervalMs);
  if (!clock) clocks.set(intervalMs, (clock = { now: Date.now(), listeners: new Set(), timer: undefined }));
  return clock;
}

function subscribe(intervalMs: number, listener: () => void): () => void {
  const clock = clockFor(intervalMs);
  clock.listeners.add(listener);
  if (!clock.timer) {
    clock.now = Date.now();
    clock.timer = setInterval(() => {
      clock.now = Date.now();
      clock.listeners.forEach((l) => l());
    }, intervalMs);
  }
  return () => {
    clock.listeners.delete(listener);
    if (clock.listeners.size === 0 && clock.timer) {
      clearInterval(clock.timer);
      clock.timer = undefined;
    }
  };
}

/** The current time in ms, re-rendering every `intervalMs` while `active` (else the time of the first render). */
export function useNow(intervalMs = 1000, active = true): number {
  const [firstRender] = useState(Date.now);
  const sub = useCallback((l: () => void) => (active ? subscribe(intervalMs, l) : () => {}), [intervalMs, active]);
  const snapshot = useCallback(() => (active ? clockFor(intervalMs).now : firstRender), [intervalMs, active, firstRender]);
  return useSyncExternalStore(sub, snapshot, () => firstRender);
}
