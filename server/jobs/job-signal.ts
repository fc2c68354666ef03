import { EventEmitter } from "node:events";

/**
 * Wakes long-polling lease requests when a job becomes leasable (enqueued,
 * requeued or handed back). Kept on globalThis: the custom server and Next's
 * bundled route handlers load separate copies of this module in one process.
 */
const KEY = "__skillboardJobSignal";
const holder = globalThis as { [KEY]?: EventEmitter };
const emitter = (holder[KEY] ??= new EventEmitter().setMaxListeners(0));

export function signalJobsAvailable(): void {
  emitter.emit("jobs");
}

/** Resolves when a job may have become leasable, after `ms`, or when `signal` aborts. */
export function waitForJobs(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      emitter.off("jobs", done);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    emitter.on("jobs", done);
    signal?.addEventListener("abort", done);
  });
}
