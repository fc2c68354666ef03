import { isRetryable, SkillboardHttpError } from "./client";

export interface RetryPolicy {
  /** First wait after a failure; doubled after each further failure. Default 500 ms. */
  initialDelayMs?: number;
  /** Longest single wait. Default 8 s. */
  maxDelayMs?: number;
  /** Give up once this much time has passed since the first attempt. Default 30 s; 0 means one attempt. */
  giveUpAfterMs?: number;
}

/** One attempt, no waiting. */
export const SINGLE_ATTEMPT: RetryPolicy = { giveUpAfterMs: 0 };

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Calls `fn` until it succeeds, it fails with an error that is not worth
 * retrying (a 4xx other than 408/429), or the policy's time runs out; then
 * rethrows the last error. Waits grow exponentially, with jitter, and honour
 * a server's Retry-After.
 */
export async function withRetry<T>(fn: () => Promise<T>, policy: RetryPolicy = {}): Promise<T> {
  const initial = policy.initialDelayMs ?? 500;
  const max = policy.maxDelayMs ?? 8_000;
  const giveUpAfter = policy.giveUpAfterMs ?? 30_000;
  const start = Date.now();
  let delay = initial;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (!isRetryable(error)) throw error;
      const retryAfter = error instanceof SkillboardHttpError ? error.retryAfterMs : undefined;
      const wait = Math.min(max, retryAfter ?? delay * (0.5 + Math.random() / 2));
      if (Date.now() - start + wait > giveUpAfter) throw error;
      await sleep(wait);
      delay = Math.min(max, delay * 2);
    }
  }
}
