/**
 * The agent's policy: a log-linear model over the candidate tool calls of a
 * turn. A candidate's score is the sum of the weights of its features, with
 * weights shared by every skill plus a head of skill-specific weights (the
 * composite tasks, never trained, use the shared weights only), on top of a
 * fixed base measure that makes the untrained policy uniform over the tools
 * available, then uniform over each tool's arguments:
 *
 *   logit(c) = Σ_f (w_shared[f] + w_skill[f]) − log #candidates(tool(c))
 *
 * All weights start at 0, so the starting agent knows nothing.
 */
import type { Rng } from "../rng";

export type Weights = Map<string, number>;

/** What the policy needs of a candidate. */
export interface Scored {
  tool: string;
  features: readonly string[];
}

export interface Distribution {
  logits: number[];
  probs: number[];
  logProbs: number[];
  entropy: number;
}

export class Policy {
  readonly shared: Weights = new Map();
  readonly heads = new Map<string, Weights>();

  head(name: string): Weights {
    let h = this.heads.get(name);
    if (!h) this.heads.set(name, (h = new Map()));
    return h;
  }

  /** A frozen copy (the reference policy for the KL term, or the old policy of an update). */
  clone(): Policy {
    const p = new Policy();
    for (const [k, v] of this.shared) p.shared.set(k, v);
    for (const [name, h] of this.heads) p.heads.set(name, new Map(h));
    return p;
  }

  score(features: readonly string[], head: string | null): number {
    const h = head === null ? undefined : this.heads.get(head);
    let s = 0;
    for (const f of features) s += (this.shared.get(f) ?? 0) + (h?.get(f) ?? 0);
    return s;
  }

  distribution(candidates: readonly Scored[], head: string | null): Distribution {
    const base = baseMeasure(candidates);
    return softmax(candidates.map((c, i) => this.score(c.features, head) + base[i]));
  }

  /** Samples a candidate index. */
  sample(d: Distribution, rng: Rng): number {
    let u = rng.next();
    for (let i = 0; i < d.probs.length; i++) {
      u -= d.probs[i];
      if (u < 0) return i;
    }
    return d.probs.length - 1;
  }

  /** The weights as plain objects, largest first (for inspection). */
  toJSON(): { shared: Record<string, number>; heads: Record<string, Record<string, number>> } {
    const dump = (w: Weights) => Object.fromEntries([...w].filter(([, v]) => Math.abs(v) > 1e-6).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1])).map(([k, v]) => [k, Number(v.toFixed(4))]));
    return { shared: dump(this.shared), heads: Object.fromEntries([...this.heads].map(([n, h]) => [n, dump(h)])) };
  }
}

const baseCache = new WeakMap<readonly Scored[], number[]>();

/** −log(number of candidates of the same tool), per candidate. */
export function baseMeasure(candidates: readonly Scored[]): number[] {
  let b = baseCache.get(candidates);
  if (!b) {
    const count = new Map<string, number>();
    for (const c of candidates) count.set(c.tool, (count.get(c.tool) ?? 0) + 1);
    b = candidates.map((c) => -Math.log(count.get(c.tool)!));
    baseCache.set(candidates, b);
  }
  return b;
}

export function softmax(logits: number[]): Distribution {
  const max = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - max));
  const z = exps.reduce((a, b) => a + b, 0);
  const probs = exps.map((e) => e / z);
  const logZ = Math.log(z) + max;
  const logProbs = logits.map((l) => l - logZ);
  let entropy = 0;
  for (let i = 0; i < probs.length; i++) if (probs[i] > 0) entropy -= probs[i] * logProbs[i];
  return { logits, probs, logProbs, entropy };
}
