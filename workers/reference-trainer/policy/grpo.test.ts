/** The GRPO maths: advantages, the clipped objective with KL (hand-computed and against finite differences), and the statistics of an update. */
import { describe, expect, it } from "vitest";
import { Rng } from "../rng";
import { groupAdvantages, grpoObjective, grpoUpdate, Sgd, type Decision, type EpisodeForUpdate } from "./grpo";
import { Policy, type Scored } from "./policy";

/** Candidates of distinct tools: the base measure is 0 for each, so logits are plain sums of weights. */
const cands = (...features: string[][]): Scored[] => features.map((f, i) => ({ tool: `t${i}`, features: f }));

/** A decision whose old log-probability makes ρ = `ratio` at the policy's current weights. */
function decisionWithRatio(policy: Policy, candidates: Scored[], chosen: number, ratio: number, head: string | null = null): Decision {
  return { candidates, chosen, logProbOld: policy.distribution(candidates, head).logProbs[chosen] - Math.log(ratio) };
}

describe("groupAdvantages", () => {
  it("normalises within the group by the population std", () => {
    const a = groupAdvantages([1, 0, 0, 1]);
    for (const [x, want] of a.map((v, i) => [v, [1, -1, -1, 1][i]])) expect(x).toBeCloseTo(want * (0.5 / (0.5 + 1e-6)), 12);
    // mean 0.25, std sqrt(3)/4
    const b = groupAdvantages([1, 0, 0, 0]);
    const std = Math.sqrt(3) / 4;
    expect(b[0]).toBeCloseTo(0.75 / (std + 1e-6), 12);
    expect(b[1]).toBeCloseTo(-0.25 / (std + 1e-6), 12);
    expect(b.reduce((x, y) => x + y, 0)).toBeCloseTo(0, 12);
  });

  it("gives exactly zero to every rollout when all rewards are equal", () => {
    expect(groupAdvantages([1, 1, 1])).toEqual([0, 0, 0]);
    expect(groupAdvantages([0, 0, 0, 0, 0, 0])).toEqual([0, 0, 0, 0, 0, 0]);
    expect(groupAdvantages([0.3, 0.3])).toEqual([0, 0]);
  });
});

describe("the clipped objective", () => {
  const policy = new Policy();
  const reference = new Policy();
  const c = cands(["a"], ["b"]);
  const one = (ratio: number, advantage: number) => grpoObjective(policy, reference, [{ head: null, advantage, decisions: [decisionWithRatio(policy, c, 0, ratio)] }], { clip: 0.2, klCoef: 0 });

  it("cuts the ratio off above 1+ε for a positive advantage: loss −(1+ε)A, no gradient, counted as clipped", () => {
    const o = one(1.5, 1);
    expect(o.loss).toBeCloseTo(-1.2, 12);
    expect(o.clipFraction).toBe(1);
    expect([...o.shared.values()].every((g) => g === 0)).toBe(true);
  });

  it("keeps the unclipped term when it is the smaller one (ρ > 1+ε, A < 0): loss −ρA with its gradient", () => {
    const o = one(1.5, -1);
    expect(o.loss).toBeCloseTo(1.5, 12);
    expect(o.clipFraction).toBe(0);
    // π = [1/2, 1/2]; ∂(−ρA)/∂w_a = −Aρ(1 − π_a) = 0.75, ∂/∂w_b = −Aρ(0 − π_b) = −0.75
    expect(o.shared.get("a")).toBeCloseTo(0.75, 12);
    expect(o.shared.get("b")).toBeCloseTo(-0.75, 12);
  });

  it("cuts the ratio off below 1−ε for a negative advantage", () => {
    const o = one(0.5, -1);
    expect(o.loss).toBeCloseTo(0.8, 12);
    expect(o.clipFraction).toBe(1);
    expect([...o.shared.values()].every((g) => g === 0)).toBe(true);
  });

  it("at ρ = 1 gives the policy gradient −A(φ_a − E_π φ)", () => {
    const o = one(1, 2);
    expect(o.loss).toBeCloseTo(-2, 12);
    expect(o.shared.get("a")).toBeCloseTo(-1, 12);
    expect(o.shared.get("b")).toBeCloseTo(1, 12);
  });

  it("computes KL(π ‖ π_ref) exactly over the candidates, with its gradient", () => {
    const p = new Policy();
    p.shared.set("a", Math.log(3)); // π = [3/4, 1/4], π_ref = [1/2, 1/2]
    const d = decisionWithRatio(p, c, 0, 1);
    const o = grpoObjective(p, reference, [{ head: null, advantage: 0, decisions: [d] }], { clip: 0.2, klCoef: 0.5 });
    const kl = 0.75 * Math.log(1.5) + 0.25 * Math.log(0.5);
    expect(o.kl).toBeCloseTo(kl, 12);
    expect(o.loss).toBeCloseTo(0.5 * kl, 12);
    // ∂KL/∂w_a = π_a (log(π_a/ρ_a) − KL)
    expect(o.shared.get("a")).toBeCloseTo(0.5 * 0.75 * (Math.log(1.5) - kl), 12);
    expect(o.shared.get("b")).toBeCloseTo(0.5 * 0.25 * (Math.log(0.5) - kl), 12);
  });

  it("averages over an episode's decisions, then over episodes", () => {
    const long: EpisodeForUpdate = { head: null, advantage: 1, decisions: [decisionWithRatio(policy, c, 0, 1), decisionWithRatio(policy, c, 1, 1), decisionWithRatio(policy, c, 0, 1)] };
    const short: EpisodeForUpdate = { head: null, advantage: -1, decisions: [decisionWithRatio(policy, c, 0, 1)] };
    // (−1 per decision of the long episode) and (+1 for the short one): (−1 + 1) / 2
    expect(grpoObjective(policy, reference, [long, short], { clip: 0.2, klCoef: 0 }).loss).toBeCloseTo(0, 12);
  });
});

describe("the gradient", () => {
  /** A random batch: shared and head weights, several heads, ratios away from the clip boundaries, some clipped. */
  function randomSetup(seed: number) {
    const rng = new Rng(seed);
    const features = ["f0", "f1", "f2", "f3", "f4", "f5"];
    const policy = new Policy();
    const reference = new Policy();
    for (const f of features) {
      policy.shared.set(f, rng.next() * 2 - 1);
      reference.shared.set(f, rng.next() - 0.5);
      policy.head("h1").set(f, rng.next() - 0.5);
    }
    const randomCandidates = (): Scored[] => {
      const n = 2 + rng.int(3);
      // Two candidates share a tool: the base measure is not zero everywhere.
      return Array.from({ length: n }, (_, i) => ({ tool: i < 2 ? "same" : `t${i}`, features: features.filter(() => rng.next() < 0.4) }));
    };
    const batch: EpisodeForUpdate[] = Array.from({ length: 5 }, (_, e) => {
      const head = e % 2 ? "h1" : null;
      const decisions = Array.from({ length: 1 + rng.int(3) }, (_, j) => {
        const candidates = randomCandidates();
        // Episode 0 (A > 0) starts at ρ = 1.6 and episode 1 (A < 0) at ρ = 0.5: both clipped.
        const ratio = [1.6, 0.5, 0.9, 1.1][(e + j) % 4];
        return decisionWithRatio(policy, candidates, rng.int(candidates.length), ratio, head);
      });
      return { head, decisions, advantage: [1.3, -0.7, 0.4, -1.1, 0][e] };
    });
    return { policy, reference, batch, features };
  }

  it.each([1, 2, 3])("matches central finite differences of the loss (clip and KL on, seed %i)", (seed) => {
    const { policy, reference, batch, features } = randomSetup(seed);
    const opts = { clip: 0.2, klCoef: 0.3 };
    const o = grpoObjective(policy, reference, batch, opts);
    expect(o.clipFraction).toBeGreaterThan(0);
    expect(o.clipFraction).toBeLessThan(1);
    const h = 1e-6;
    const numeric = (w: Map<string, number>, f: string) => {
      const v = w.get(f) ?? 0;
      w.set(f, v + h);
      const up = grpoObjective(policy, reference, batch, opts).loss;
      w.set(f, v - h);
      const down = grpoObjective(policy, reference, batch, opts).loss;
      w.set(f, v);
      return (up - down) / (2 * h);
    };
    for (const f of features) {
      expect(o.shared.get(f) ?? 0, `shared ${f}`).toBeCloseTo(numeric(policy.shared, f), 6);
      expect(o.heads.get("h1")?.get(f) ?? 0, `head ${f}`).toBeCloseTo(numeric(policy.head("h1"), f), 6);
    }
  });
});

describe("grpoUpdate", () => {
  it("reports every statistic from the last epoch: the objective evaluated just before that epoch's step", () => {
    const c = cands(["a"], ["b"]);
    const policy = new Policy();
    const batch: EpisodeForUpdate[] = [
      { head: "h", advantage: 1, decisions: [decisionWithRatio(policy, c, 0, 1, "h")] },
      { head: "h", advantage: -1, decisions: [decisionWithRatio(policy, c, 1, 1, "h")] },
    ];
    const opts = { lr: 1, clip: 0.1, klCoef: 0.2, epochs: 2 };
    // Replay: one SGD step, then the objective the second epoch sees.
    const replay = policy.clone();
    const first = grpoObjective(replay, new Policy(), batch, opts);
    new Sgd(1).step([replay.shared], [first.shared]);
    new Sgd(1).step([replay.head("h")], [first.heads.get("h")!]);
    const { shared: _s, heads: _h, ...second } = grpoObjective(replay, new Policy(), batch, opts);

    const stats = grpoUpdate(policy, new Policy(), batch, opts, { shared: new Sgd(1), heads: new Sgd(1) });
    expect(first.clipFraction).toBe(0);
    expect(stats.clipFraction).toBeGreaterThan(0);
    expect(stats).toEqual(second);
    expect(stats.loss).toBeCloseTo(stats.pgLoss + opts.klCoef * stats.kl, 12);
  });

  it("does not move the weights when every advantage is zero and KL is off", () => {
    const c = cands(["a"], ["b"]);
    const policy = new Policy();
    const batch: EpisodeForUpdate[] = [0, 1].map((i) => ({ head: null, advantage: 0, decisions: [decisionWithRatio(policy, c, i, 1)] }));
    grpoUpdate(policy, new Policy(), batch, { lr: 1, clip: 0.2, klCoef: 0, epochs: 3 }, { shared: new Sgd(1), heads: new Sgd(1) });
    expect([...policy.shared.values()].every((v) => v === 0)).toBe(true);
  });
});
