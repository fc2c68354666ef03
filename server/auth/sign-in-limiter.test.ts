import { describe, expect, it } from "vitest";
import { SignInFailureLimiter } from "./sign-in-limiter";

describe("SignInFailureLimiter", () => {
  it("lets a client fail `limit` times a minute, then waits until its oldest failure is a minute old", () => {
    const limiter = new SignInFailureLimiter(3, 60_000);
    for (const t of [0, 10_000, 20_000]) {
      expect(limiter.retryAfterMs("a", t)).toBe(0);
      limiter.recordFailure("a", t);
    }
    expect(limiter.retryAfterMs("a", 30_000)).toBe(30_000);
    expect(limiter.retryAfterMs("b", 30_000)).toBe(0);
    expect(limiter.retryAfterMs("a", 60_000)).toBe(0);
    limiter.recordFailure("a", 60_000);
    expect(limiter.retryAfterMs("a", 60_001)).toBe(9_999);
  });

  it("remembers at most `maxClients`, forgetting the one that failed longest ago", () => {
    const limiter = new SignInFailureLimiter(1, 60_000, 2);
    limiter.recordFailure("a", 0);
    limiter.recordFailure("b", 1);
    limiter.recordFailure("a", 2);
    limiter.recordFailure("c", 3);
    expect([limiter.retryAfterMs("a", 4) > 0, limiter.retryAfterMs("b", 4) > 0, limiter.retryAfterMs("c", 4) > 0]).toEqual([true, false, true]);
  });
});
