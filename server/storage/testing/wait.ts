import { setTimeout as sleep } from "node:timers/promises";

/**
 * Polls `condition` until it holds. `guardMs` is a hang guard (a generous bound that
 * only a broken run reaches), never a speed check.
 */
export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, guardMs = 120_000): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > guardMs) throw new Error(`gave up waiting (${guardMs / 1000} s hang guard): ${what}`);
    await sleep(20);
  }
}

export function percentile(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
