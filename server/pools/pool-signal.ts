import { EventEmitter } from "node:events";

/**
 * Wakes the pools reconciler when it has work before its next poll: a launch
 * queued a job for a cluster pool, or a cancel was asked. Kept on globalThis,
 * like job-signal: the custom server and Next's route handlers load separate
 * copies of this module in one process.
 */
const KEY = "__skillboardPoolSignal";
const holder = globalThis as { [KEY]?: EventEmitter };
const emitter = (holder[KEY] ??= new EventEmitter().setMaxListeners(0));

export function signalPoolWork(): void {
  emitter.emit("work");
}

/** Resolves on the next signal, after `ms`, or when `signal` aborts. */
export function waitForPoolWork(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      emitter.off("work", done);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    emitter.on("work", done);
    signal?.addEventListener("abort", done);
  });
}
