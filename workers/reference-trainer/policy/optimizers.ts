/** Optimizers of the log-linear policy: they move weights against the gradients of a loss. */
import type { Weights } from "./policy";

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
