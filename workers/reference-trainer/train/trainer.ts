/**
 * The joint-RL loop. Each step samples tasks of the configured skills (a
 * mixture by weight), or composite bug_fix tasks of the training repositories
 * for the composite-only baseline, plays G rollouts of each with the current policy,
 * scores them with the verifiers, computes group-relative advantages and
 * updates the policy (GRPO). Every K steps it evaluates: composite held-out
 * benchmarks and held-out atomic tasks, 3 attempts each, and rollouts of the
 * skills not being trained. Everything it reports goes through a `RunLogger`.
 */
import { makeEpisode } from "../env/make-episode";
import { Adam, Sgd, groupAdvantages, grpoUpdate, type EpisodeForUpdate, type Optimizer, type UpdateStats } from "../policy/grpo";
import { Policy } from "../policy/policy";
import { hashOrder, Rng } from "../rng";
import type { Sandbox } from "../sandbox/sandbox";
import type { WorldIndex } from "../world/load";
import { ATOMIC_SKILLS, BENCHMARKS, type AtomicSkill, type Benchmark, type Task } from "../world/types";
import { attemptScore, avgAtK, evaluateTasks } from "./evaluate";
import { playEpisode, type PlayedEpisode } from "./rollout";

/** Composite benchmarks a run can train on instead of the atomic skills (their training-repository tasks). */
export const TRAINABLE_COMPOSITES = ["bug_fix"] as const;
export type TrainableComposite = (typeof TRAINABLE_COMPOSITES)[number];

export interface TrainerConfig {
  /** Skill → mixture weight (the skills trained). */
  skills: Partial<Record<AtomicSkill, number>>;
  /** Train on this composite's training tasks instead of the skills (the paper's composite-only baseline); null: train the skills. */
  trainComposite: TrainableComposite | null;
  steps: number;
  groupSize: number;
  tasksPerStep: number;
  lr: number;
  /** The skill heads learn at lr × this: the shared weights carry what the skills have in common. */
  headLrScale: number;
  optimizer: "sgd" | "adam";
  clip: number;
  klCoef: number;
  epochs: number;
  seed: number;
  evalEvery: number;
  evalAttempts: number;
  /** Tasks per benchmark (and per held-out skill) in each evaluation. */
  evalTasks: number;
  /** Log the trajectories of every N-th rollout group (1 = all, 0 = none). */
  trajectoryEvery: number;
  /** Log the first attempt of each evaluation task as a trajectory. */
  evalTrajectories: boolean;
}

export const DEFAULT_CONFIG: TrainerConfig = {
  skills: Object.fromEntries(ATOMIC_SKILLS.map((s) => [s, 1])),
  trainComposite: null,
  steps: 100,
  groupSize: 6,
  tasksPerStep: 10,
  lr: 0.1,
  headLrScale: 0.3,
  optimizer: "adam",
  clip: 0.2,
  klCoef: 0.01,
  epochs: 2,
  seed: 1,
  evalEvery: 20,
  evalAttempts: 3,
  evalTasks: 40,
  trajectoryEvery: 4,
  evalTrajectories: true,
};

/** Where the trainer's numbers go (the SDK run in production, an array in tests). */
export interface RunLogger {
  log(metrics: Record<string, number>, step: number): void;
  logEval(benchmark: string, attempt: number, score: number, step: number): void;
  logTrajectory(trajectory: Record<string, unknown> & { skill: string; taskId: string; step: number; reward: number; passed: boolean; turns: unknown[] }): void;
  print(line: string): void;
}

export interface TrainSummary {
  steps: number;
  seconds: number;
  /** Last training-rollout pass rate of each skill (the final probe at the last step). */
  trainPass: Record<string, number>;
  /** Held-out atomic tasks, Avg@k at the final evaluation. */
  heldout: Record<string, number>;
  /** Composite benchmarks, Avg@k at the final evaluation. */
  benchmarks: Record<string, number>;
  /** The same at the first evaluation (step 0: the untrained policy), when there was one. */
  initial?: { heldout: Record<string, number>; benchmarks: Record<string, number> };
  verifier: { runs: number; cacheHits: number };
}

/** Largest-remainder allocation of `n` tasks over the weighted skills (every skill gets one when n allows). */
export function allocateTasks(weights: Partial<Record<string, number>>, n: number): Map<string, number> {
  const entries = Object.entries(weights).filter(([, w]) => (w ?? 0) > 0) as [string, number][];
  const total = entries.reduce((a, [, w]) => a + w, 0);
  const out = new Map<string, number>();
  const rema: [string, number][] = [];
  let given = 0;
  for (const [s, w] of entries) {
    const exact = (n * w) / total;
    const k = n >= entries.length ? Math.max(1, Math.floor(exact)) : Math.floor(exact);
    out.set(s, k);
    given += k;
    rema.push([s, exact - Math.floor(exact)]);
  }
  rema.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  for (let i = 0; given < n && i < rema.length; i++, given++) out.set(rema[i][0], out.get(rema[i][0])! + 1);
  return out;
}

/** The first `n` held-out tasks of a kind in a fixed hash order: every run and step evaluates the same ones. */
export function evalTaskSet(world: WorldIndex, kind: AtomicSkill | Benchmark, n: number): Task[] {
  return hashOrder(world.tasks(kind, "heldout"), (t) => t.id, "eval").slice(0, n);
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** Mean share of the mutants (reported bug included) the submitted tests killed; 0 for an episode without a submission. */
export const killRate = (episodes: readonly PlayedEpisode[]) => mean(episodes.map((e) => (typeof e.verifier.killRatio === "number" ? e.verifier.killRatio : 0)));

export class Trainer {
  readonly policy = new Policy();
  private readonly reference: Policy;
  private readonly optimizer: { shared: Optimizer; heads: Optimizer };
  private groupCounter = 0;
  private readonly last: TrainSummary;

  constructor(
    private readonly world: WorldIndex,
    private readonly sandbox: Sandbox,
    readonly config: TrainerConfig,
    private readonly logger: RunLogger,
  ) {
    this.reference = this.policy.clone();
    const make = (lr: number) => (config.optimizer === "sgd" ? new Sgd(lr) : new Adam(lr));
    this.optimizer = { shared: make(config.lr), heads: make(config.lr * config.headLrScale) };
    this.last = { steps: config.steps, seconds: 0, trainPass: {}, heldout: {}, benchmarks: {}, verifier: { runs: 0, cacheHits: 0 } };
    for (const s of Object.keys(config.skills)) if (!ATOMIC_SKILLS.includes(s as AtomicSkill)) throw new Error(`unknown skill '${s}' (skills: ${ATOMIC_SKILLS.join(", ")})`);
  }

  /** What the training steps sample: the trained skills, or the trained composite. */
  get trainedKinds(): string[] {
    return this.config.trainComposite ? [this.config.trainComposite] : this.trainedSkills;
  }

  get trainedSkills(): AtomicSkill[] {
    if (this.config.trainComposite) return [];
    return ATOMIC_SKILLS.filter((s) => (this.config.skills[s] ?? 0) > 0);
  }

  async run(shouldStop: () => boolean = () => false): Promise<TrainSummary> {
    const started = Date.now();
    const { steps, evalEvery } = this.config;
    for (let step = 0; step <= steps; step++) {
      if (step === steps || (evalEvery > 0 && step % evalEvery === 0)) await this.evaluate(step, step === steps);
      if (step === steps || shouldStop()) break;
      await this.trainStep(step);
    }
    this.last.seconds = (Date.now() - started) / 1000;
    this.last.verifier = { runs: this.sandbox.stats.runs, cacheHits: this.sandbox.stats.hits };
    return this.last;
  }

  /** Training steps only, without evaluations (for tests and experiments). */
  async train(steps: number): Promise<void> {
    for (let step = 0; step < steps; step++) await this.trainStep(step);
  }

  /** Plays G rollouts for each task; returns them per group. */
  private async playGroups(tasks: { task: Task; head: string | null }[], step: number, phase: string): Promise<PlayedEpisode[][]> {
    const G = this.config.groupSize;
    return Promise.all(
      tasks.map(({ task, head }, ti) =>
        Promise.all(
          Array.from({ length: G }, (_, g) =>
            playEpisode(makeEpisode(task, this.world, this.sandbox), this.policy, head, Rng.derive(this.config.seed, phase, step, ti, task.id, g)),
          ),
        ),
      ),
    );
  }

  private sampleTasks(kind: AtomicSkill | TrainableComposite, n: number, rng: Rng): Task[] {
    const pool = this.world.tasks(kind, "train");
    if (!pool.length) throw new Error(`no training tasks of kind ${kind}`);
    return Array.from({ length: n }, () => rng.pick(pool));
  }

  /** Pass@1, steps and reward of a skill's (or a trained composite's) rollouts; unit tests also log the mutant kill rate. */
  private logSkillMetrics(kind: string, episodes: PlayedEpisode[], step: number) {
    const prefix = (ATOMIC_SKILLS as readonly string[]).includes(kind) ? "skill" : "composite";
    this.logger.log(
      {
        [`${prefix}/${kind}/pass@1`]: mean(episodes.map((e) => (e.passed ? 1 : 0))),
        [`${prefix}/${kind}/avg_steps`]: mean(episodes.map((e) => e.steps)),
        [`${prefix}/${kind}/reward`]: mean(episodes.map((e) => e.reward)),
        ...(kind === "unit_test" ? { [`${prefix}/${kind}/kill_rate`]: killRate(episodes) } : {}),
      },
      step,
    );
    this.last.trainPass[kind] = mean(episodes.map((e) => (e.passed ? 1 : 0)));
  }

  private async trainStep(step: number) {
    const t0 = Date.now();
    const runs0 = this.sandbox.stats.runs;
    const hits0 = this.sandbox.stats.hits;
    const rng = Rng.derive(this.config.seed, "tasks", step);
    // A composite trains the shared weights only: composites are evaluated without a skill head.
    const plan: { task: Task; head: string | null; kind: string }[] = [];
    const composite = this.config.trainComposite;
    if (composite) for (const task of this.sampleTasks(composite, this.config.tasksPerStep, rng)) plan.push({ task, head: null, kind: composite });
    else {
      for (const [skill, n] of allocateTasks(this.config.skills, this.config.tasksPerStep)) {
        for (const task of this.sampleTasks(skill as AtomicSkill, n, rng)) plan.push({ task, head: skill, kind: skill });
      }
    }
    const groups = await this.playGroups(plan, step, "train");
    const tPlay = Date.now();

    const batch: EpisodeForUpdate[] = [];
    let zeroGroups = 0;
    const advAbs: number[] = [];
    groups.forEach((eps, gi) => {
      const adv = groupAdvantages(eps.map((e) => e.reward));
      if (adv.every((a) => a === 0)) zeroGroups++;
      eps.forEach((e, i) => {
        batch.push({ head: plan[gi].head, decisions: e.decisions, advantage: adv[i] });
        advAbs.push(Math.abs(adv[i]));
      });
      this.maybeLogGroup(plan[gi].task, eps, adv, step, "train", plan[gi].head);
    });
    for (const kind of this.trainedKinds) {
      this.logSkillMetrics(kind, groups.filter((_, gi) => plan[gi].kind === kind).flat(), step);
    }
    const u: UpdateStats = grpoUpdate(this.policy, this.reference, batch, this.config, this.optimizer);
    const envSteps = groups.flat().reduce((a, e) => a + e.steps, 0);
    const seconds = (Date.now() - t0) / 1000;
    const runs = this.sandbox.stats.runs - runs0;
    const hits = this.sandbox.stats.hits - hits0;
    this.logger.log(
      {
        "train/loss": u.loss,
        "train/pg_loss": u.pgLoss,
        "train/kl": u.kl,
        "train/entropy": u.entropy,
        "train/adv_abs_mean": mean(advAbs),
        "train/clip_fraction": u.clipFraction,
        "train/grad_norm": u.gradNorm,
        "train/zero_adv_groups": groups.length ? zeroGroups / groups.length : 0,
        "train/episodes": batch.length,
        "train/env_steps": envSteps,
        "train/env_steps_per_s": envSteps / Math.max(1e-3, (tPlay - t0) / 1000),
        "train/step_time_s": seconds,
        "train/verifier_runs": runs,
        "train/verifier_cache_hit_rate": runs + hits ? hits / (runs + hits) : 0,
        "train/lr": this.config.lr,
      },
      step,
    );
    const passes = this.trainedKinds.map((s) => `${s} ${(this.last.trainPass[s] ?? 0).toFixed(2)}`).join(", ");
    this.logger.print(`step ${step}: pass@1 ${passes}; entropy ${u.entropy.toFixed(2)}, |A| ${mean(advAbs).toFixed(2)}, ${seconds.toFixed(1)} s`);
  }

  private maybeLogGroup(task: Task, eps: PlayedEpisode[], adv: number[], step: number, phase: string, head: string | null) {
    const every = this.config.trajectoryEvery;
    const index = this.groupCounter++;
    if (every <= 0 || index % every !== 0) return;
    eps.forEach((e, i) => this.logTrajectory(task, e, step, `${phase}:${step}:${task.id}:${index}`, i, adv[i], { phase, head }));
  }

  private logTrajectory(task: Task, e: PlayedEpisode, step: number, groupKey: string, sampleIndex: number, advantage: number | null, extra: Record<string, unknown>) {
    this.logger.logTrajectory({
      skill: task.kind,
      taskId: task.id,
      step,
      groupKey,
      sampleIndex,
      reward: e.reward,
      passed: e.passed,
      advantage,
      turns: e.turns,
      verifier: e.verifier,
      metadata: { repo: task.repo, split: task.split, submitted: e.submitted, envSteps: e.steps, durationMs: e.durationMs, seed: this.config.seed, ...extra },
    });
  }

  /** Fixed evaluation tasks of a kind: the same for every run and step (chosen by a hash, not the run's seed). */
  private evalSet(kind: AtomicSkill | Benchmark): Task[] {
    return evalTaskSet(this.world, kind, this.config.evalTasks);
  }

  private async evaluate(step: number, final: boolean) {
    const t0 = Date.now();
    const K = this.config.evalAttempts;
    const ctx = { policy: this.policy, world: this.world, sandbox: this.sandbox, seed: this.config.seed, step };
    const keep = this.config.evalTrajectories;
    const [benchResults, atomicResults] = await Promise.all([
      Promise.all(BENCHMARKS.map((b) => evaluateTasks(ctx, this.evalSet(b), null, K, keep))),
      Promise.all(ATOMIC_SKILLS.map((s) => evaluateTasks(ctx, this.evalSet(s), s, K))),
    ]);
    const lines: string[] = [];
    BENCHMARKS.forEach((b, bi) => {
      const results = benchResults[bi];
      for (let a = 0; a < K; a++) this.logger.logEval(b, a, attemptScore(results, a), step);
      const avg = avgAtK(results);
      this.last.benchmarks[b] = avg;
      lines.push(`${b} ${avg.toFixed(2)}`);
      if (keep) for (const r of results) this.logTrajectory(r.task, r.attempts[0], step, `eval:${step}:${r.task.id}`, 0, null, { phase: "eval", head: null });
    });
    const heldout: Record<string, number> = {};
    ATOMIC_SKILLS.forEach((s, si) => {
      heldout[`heldout/${s}/avg@${K}`] = this.last.heldout[s] = avgAtK(atomicResults[si]);
    });
    heldout["heldout/unit_test/kill_rate"] = killRate(atomicResults[ATOMIC_SKILLS.indexOf("unit_test")].flatMap((r) => r.attempts));
    heldout[`heldout/mean/avg@${K}`] = mean(ATOMIC_SKILLS.map((s) => this.last.heldout[s]));
    this.logger.log(heldout, step);
    if (step === 0) this.last.initial = { heldout: { ...this.last.heldout }, benchmarks: { ...this.last.benchmarks } };

    // Rollouts of the skills not trained this run (all skills at the end), on training tasks, without an update.
    const probe = final ? [...ATOMIC_SKILLS] : ATOMIC_SKILLS.filter((s) => !this.trainedSkills.includes(s));
    if (probe.length) {
      const rng = Rng.derive(this.config.seed, "probe", step);
      const n = Math.max(2, Math.round(this.config.tasksPerStep / ATOMIC_SKILLS.length));
      const plan = probe.flatMap((s) => this.sampleTasks(s, n, rng).map((task) => ({ task, head: s as string })));
      const groups = await this.playGroups(plan, step, "probe");
      for (const s of probe) this.logSkillMetrics(s, groups.filter((_, gi) => plan[gi].head === s).flat(), step);
    }
    const atomic = ATOMIC_SKILLS.map((s) => `${s} ${this.last.heldout[s].toFixed(2)}`).join(", ");
    this.logger.print(`eval @ step ${step}: ${lines.join(", ")} | held-out ${atomic} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
}
