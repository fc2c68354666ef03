/**
 * Failed sign-ins per client: after `limit` failures within a minute, every
 * sign-in from that client is refused (429) until the oldest failure is a
 * minute old, a right key included, so guessing goes no faster than `limit` a
 * minute. In memory: a restart forgets, which costs a guesser a restart's wait.
 */
export class SignInFailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    readonly limit = 10,
    readonly windowMs = 60_000,
    /** Clients remembered at most; past it the ones whose failures are oldest are forgotten first. */
    private readonly maxClients = 10_000,
  ) {}

  /** Milliseconds until `client` may try again; 0 when it may now. */
  retryAfterMs(client: string, now = Date.now()): number {
    const recent = this.recent(client, now);
    return recent.length < this.limit ? 0 : recent[recent.length - this.limit] + this.windowMs - now;
  }

  recordFailure(client: string, now = Date.now()): void {
    const recent = this.recent(client, now);
    recent.push(now);
    // Re-inserted last: the map's order is then the order clients last failed in.
    this.failures.delete(client);
    this.failures.set(client, recent.slice(-this.limit));
    while (this.failures.size > this.maxClients) this.failures.delete(this.failures.keys().next().value!);
  }

  private recent(client: string, now: number): number[] {
    const times = (this.failures.get(client) ?? []).filter((t) => now - t < this.windowMs);
    if (times.length === 0) this.failures.delete(client);
    return times;
  }
}

const LIMITER_KEY = "__skillboardSignInLimiter";
/** The server's one limiter; on globalThis because the custom server and Next's route handlers load this module separately. */
export const signInFailures: SignInFailureLimiter = ((globalThis as { [LIMITER_KEY]?: SignInFailureLimiter })[LIMITER_KEY] ??= new SignInFailureLimiter());
