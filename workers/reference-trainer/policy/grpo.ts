/**
 * GRPO for the log-linear policy: group-relative advantages over the G
 * rollouts of one task, a PPO-style clipped policy-gradient loss over every
 * decision of an episode, an optional KL penalty to the initial policy
 * (computed exactly over each turn's candidates), and an optimizer step per
 * epoch. `grpoObjective` is the loss and its exact gradient (tested against
 * finite differences); `grpoUpdate` applies it.
 */
import type { Optimizer } from "./optimizers";
import { baseMeasure, softmax, type Policy, type Scored } from "./policy";

export { Adam, Sgd, type Optimizer } from "./optimizers";

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

/** (r − mean) / (std + ε) within a group (population std); all zeros when every rollout scored the same. */
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

/**
 * Statistics of one evaluation of the objective. `loss = pgLoss + klCoef × kl`
 * exactly; `kl` and `entropy` use the objective's weighting (mean over
 * episodes of the mean over an episode's decisions); `clipFraction` is the
 * share of decisions whose ratio the clip cut off.
 */
export interface UpdateStats {
  loss: number;
  pgLoss: number;
  kl: number;
  entropy: number;
  clipFraction: number;
  decisions: number;
  /** Norm of the gradient of the shared weights. */
  gradNorm: number;
}

export interface Objective extends UpdateStats {
  /** ∂loss/∂w_shared. */
  shared: Map<string, number>;
  /** ∂loss/∂w_head per head. */
  heads: Map<string, Map<string, number>>;
}

const add = (g: Map<string, number>, features: readonly string[], c: number) => {
  if (c === 0) return;
  for (const f of features) g.set(f, (g.get(f) ?? 0) + c);
};

/**
 * The loss at the current weights and its exact gradient. The loss is the mean
 * over episodes of the mean over an episode's decisions of
 *   −min(ρA, clip(ρ, 1−ε, 1+ε)A) + β KL(π(·|s) ‖ π_ref(·|s)),   ρ = π(a|s)/π_old(a|s).
 */
export function grpoObjective(policy: Policy, reference: Policy, batch: readonly EpisodeForUpdate[], opts: Pick<GrpoOptions, "clip" | "klCoef">): Objective {
  const shared = new Map<string, number>();
  const heads = new Map<string, Map<string, number>>();
  const episodes = batch.filter((e) => e.decisions.length);
  let pgLoss = 0;
  let kl = 0;
  let entropy = 0;
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
      entropy += dist.entropy * scale;
      const coef = new Array<number>(d.candidates.length).fill(0);
      const ratio = Math.exp(dist.logProbs[d.chosen] - d.logProbOld);
      const A = ep.advantage;
      const clippedRatio = Math.min(Math.max(ratio, 1 - opts.clip), 1 + opts.clip);
      pgLoss += -Math.min(ratio * A, clippedRatio * A) * scale;
      // The min picks the clipped term (constant in θ) exactly when the ratio left the trust region in the advantage's direction.
      const isClipped = (A > 0 && ratio > 1 + opts.clip) || (A < 0 && ratio < 1 - opts.clip);
      if (isClipped) clipped++;
      else if (A !== 0) {
        // ∂(−ρA)/∂logit_b = −Aρ (1[b = a] − π_b)
        coef[d.chosen] += -A * ratio * scale;
        for (let b = 0; b < coef.length; b++) coef[b] += A * ratio * dist.probs[b] * scale;
      }
      if (opts.klCoef > 0) {
        const base = baseMeasure(d.candidates);
        const ref = softmax(d.candidates.map((c, i) => reference.score(c.features, ep.head) + base[i]));
        let k = 0;
        for (let b = 0; b < coef.length; b++) k += dist.probs[b] * (dist.logProbs[b] - ref.logProbs[b]);
        kl += k * scale;
        // ∂KL/∂logit_b = π_b (log π_b − log π_ref,b − KL)
        for (let b = 0; b < coef.length; b++) coef[b] += opts.klCoef * scale * dist.probs[b] * (dist.logProbs[b] - ref.logProbs[b] - k);
      }
      for (let b = 0; b < coef.length; b++) {
        add(shared, d.candidates[b].features, coef[b]);
        if (headGrad) add(headGrad, d.candidates[b].features, coef[b]);
      }
    }
  }
  let sq = 0;
  for (const v of shared.values()) sq += v * v;
  return {
    loss: pgLoss + opts.klCoef * kl,
    pgLoss,
    kl,
    entropy,
    clipFraction: decisions ? clipped / decisions : 0,
    decisions,
    gradNorm: Math.sqrt(sq),
    shared,
    heads,
  };
}

/**
 * Updates `policy` in place: `epochs` optimizer steps, each on the gradient of
 * the objective at the current weights. The returned statistics all come from
 * the last epoch (its loss, KL, entropy, clip fraction and gradient norm, before
 * its step): in the first epoch the policy still equals the one that played the
 * rollouts, so every ratio is 1 and nothing can be clipped.
 */
export function grpoUpdate(policy: Policy, reference: Policy, batch: readonly EpisodeForUpdate[], opts: GrpoOptions, optimizer: { shared: Optimizer; heads: Optimizer }): UpdateStats {
  let stats: UpdateStats = { loss: 0, pgLoss: 0, kl: 0, entropy: 0, clipFraction: 0, decisions: 0, gradNorm: 0 };
  if (!batch.some((e) => e.decisions.length)) return stats;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const { shared, heads, ...epochStats } = grpoObjective(policy, reference, batch, opts);
    stats = epochStats;
    optimizer.shared.step([policy.shared], [shared]);
    const names = [...heads.keys()].sort();
    optimizer.heads.step(names.map((n) => policy.head(n)), names.map((n) => heads.get(n)!));
  }
  return stats;
}
