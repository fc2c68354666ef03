/** Seeded randomness: every random choice of the trainer and the generator comes from here. */

/** FNV-1a over the string form of the parts: a stable 32-bit hash. */
export function hash32(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join("\u0001")) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: small, fast, good enough for sampling. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  /** A generator for a named sub-stream, independent of how much of this one was used. */
  static derive(...parts: (string | number)[]): Rng {
    return new Rng(hash32(...parts));
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  shuffle<T>(xs: readonly T[]): T[] {
    const a = [...xs];
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }
}

/** Sorts by a seeded hash of each item's key: a deterministic "random" order. */
export function hashOrder<T>(xs: readonly T[], key: (x: T) => string, seed: number | string): T[] {
  return [...xs].map((x) => [hash32(seed, key(x)), x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x);
}
