/**
 * GRPO for the log-linear policy: group-relative advantages over the G
 * rollouts of one task, a PPO-style clipped policy-gradient loss over every
 * decision of an episode, an optional KL penalty to the initial policy
 * (computed exactly over each turn's candidates), and Adam.
 */
import { baseMeasure, softmax, type Policy, type Scored, type Weights } from "./policy";

/** One decision of an episode, as recorded while it was played. */
export interface Decision {
  candidates: Scored[];
  chosen: number;
  /** log π_old(chosen): the probability it was sampled with. */
  logProbOld: number;
}

export interface EpisodeForUpdate {
  /** The skill head (null: shared weights only). */
  head: string | null;
  decisions: Decision[];
  advantage: number;
}

/** (r − mean) / (std + ε) within a group; all zeros when every rollout scored the same. */
export function groupAdvantages(rewards: readonly number[], eps = 1e-6): number[] {
  const n = rewards.length;
  const mean = rewards.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(rewards.reduce((a, r) => a + (r - mean) ** 2, 0) / n);
  return rewards.map((r) => (std < 1e-12 ? 0 : (r - mean) / (std + eps)));
}

export interface GrpoOptions {
  lr: number;
  /** PPO clip range ε. */
  clip: number;
  /** Weight of KL(π ‖ π_init); 0 turns it off. */
  klCoef: number;
  /** Passes over the batch per step. */
  epochs: number;
}

export interface UpdateStats {
  loss: number;
  pgLoss: number;
  kl: number;
  entropy: number;
  clipFraction: number;
  decisions: number;
  gradNorm: number;
}

/** Updates weights from gradients (of a loss to minimise). */
export interface Optimizer {
  step(params: Weights[], grads: Map<string, number>[]): void;
}

/** Plain gradient descent: a feature moves in proportion to the evidence for it. */
export class Sgd implements Optimizer {
  constructor(private readonly lr: number) {}
  step(params: Weights[], grads: Map<string, number>[]): void {
    params.forEach((w, i) => {
      for (const [k, g] of grads[i]) w.set(k, (w.get(k) ?? 0) - this.lr * g);
    });
  }
}

export class Adam implements Optimizer {
  private readonly m = new Map<Weights, Map<string, number>>();
  private readonly v = new Map<Weights, Map<string, number>>();
  private t = 0;
  constructor(
    private readonly lr: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly eps = 1e-8,
  ) {}

  step(params: Weights[], grads: Map<string, number>[]): void {
    this.t++;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    params.forEach((w, i) => {
      let m = this.m.get(w);
      let v = this.v.get(w);
      if (!m) this.m.set(w, (m = new Map()));
      if (!v) this.v.set(w, (v = new Map()));
      // Every parameter that ever had a gradient keeps moving with its momentum.
      const keys = new Set([...grads[i].keys(), ...m.keys()]);
      for (const k of [...keys].sort()) {
        const g = grads[i].get(k) ?? 0;
        const mk = this.beta1 * (m.get(k) ?? 0) + (1 - this.beta1) * g;
        const vk = this.beta2 * (v.get(k) ?? 0) + (1 - this.beta2) * g * g;
        m.set(k, mk);
        v.set(k, vk);
        w.set(k, (w.get(k) ?? 0) - (this.lr * (mk / c1)) / (Math.sqrt(vk / c2) + this.eps));
      }
    });
  }
}

const add = (g: Map<string, number>, features: readonly string[], c: number) => {
  if (c === 0) return;
  for (const f of features) g.set(f, (g.get(f) ?? 0) + c);
};

/**
 * Updates `policy` in place from a batch of episodes. The loss is the mean over
 * episodes of the mean over an episode's decisions of
 *   −min(ρA, clip(ρ, 1−ε, 1+ε)A) + β KL(π(·|s) ‖ π_ref(·|s)),   ρ = π(a|s)/π_old(a|s).
 */
export function grpoUpdate(policy: Policy, reference: Policy, batch: readonly EpisodeForUpdate[], opts: GrpoOptions, optimizer: { shared: Optimizer; heads: Optimizer }): UpdateStats {
  const stats: UpdateStats = { loss: 0, pgLoss: 0, kl: 0, entropy: 0, clipFraction: 0, decisions: 0, gradNorm: 0 };
  const episodes = batch.filter((e) => e.decisions.length);
  if (!episodes.length) return stats;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const shared = new Map<string, number>();
    const heads = new Map<string, Map<string, number>>();
    let pgLoss = 0;
    let klSum = 0;
    let entropySum = 0;
    let clipped = 0;
    let decisions = 0;
    for (const ep of episodes) {
      const scale = 1 / (episodes.length * ep.decisions.length);
      let headGrad: Map<string, number> | undefined;
      if (ep.head !== null) {
        headGrad = heads.get(ep.head);
        if (!headGrad) heads.set(ep.head, (headGrad = new Map()));
      }
      for (const d of ep.decisions) {
        decisions++;
        const dist = policy.distribution(d.candidates, ep.head);
        entropySum += dist.entropy;
        const coef = new Array<number>(d.candidates.length).fill(0);
        const ratio = Math.exp(dist.logProbs[d.chosen] - d.logProbOld);
        const A = ep.advantage;
        const clippedRatio = Math.min(Math.max(ratio, 1 - opts.clip), 1 + opts.clip);
        pgLoss += -Math.min(ratio * A, clippedRatio * A) * scale;
        const isClipped = (A > 0 && ratio > 1 + opts.clip) || (A < 0 && ratio < 1 - opts.clip);
        if (isClipped) clipped++;
        else if (A !== 0) {
          // ∂(−ρA)/∂θ = −Aρ (φ_a − Σ_b π_b φ_b)
          coef[d.chosen] += -A * ratio * scale;
          for (let b = 0; b < coef.length; b++) coef[b] += A * ratio * dist.probs[b] * scale;
        }
        if (opts.klCoef > 0) {
          const base = baseMeasure(d.candidates);
          const ref = softmax(d.candidates.map((c, i) => reference.score(c.features, ep.head) + base[i]));
          let kl = 0;
          for (let b = 0; b < coef.length; b++) kl += dist.probs[b] * (dist.logProbs[b] - ref.logProbs[b]);
          klSum += kl;
          // ∇KL = Σ_b π_b (log π_b − log ρ_b − KL) φ_b
          for (let b = 0; b < coef.length; b++) coef[b] += opts.klCoef * scale * dist.probs[b] * (dist.logProbs[b] - ref.logProbs[b] - kl);
        }
        for (let b = 0; b < coef.length; b++) {
          add(shared, d.candidates[b].features, coef[b]);
          if (headGrad) add(headGrad, d.candidates[b].features, coef[b]);
        }
      }
    }
    if (epoch === 0) {
      stats.pgLoss = pgLoss;
      stats.kl = decisions ? klSum / decisions : 0;
      stats.entropy = decisions ? entropySum / decisions : 0;
      stats.loss = pgLoss + opts.klCoef * stats.kl;
      stats.decisions = decisions;
      let sq = 0;
      for (const v of shared.values()) sq += v * v;
      stats.gradNorm = Math.sqrt(sq);
    }
    stats.clipFraction = decisions ? clipped / decisions : 0;
    optimizer.shared.step([policy.shared], [shared]);
    const names = [...heads.keys()].sort();
    optimizer.heads.step(names.map((n) => policy.head(n)), names.map((n) => heads.get(n)!));
  }
  return stats;
}
