/** Command-line options of the reference trainer (what the recipe's argv passes). */
import { DEFAULT_CONFIG, TRAINABLE_COMPOSITES, type TrainableComposite, type TrainerConfig } from "./train/trainer";
import { ATOMIC_SKILLS, type AtomicSkill } from "./world/types";

export interface CliOptions {
  config: TrainerConfig;
  /** Sandbox worker threads. */
  threads?: number;
  name?: string;
  project?: string;
  group?: string;
  /** Write the final numbers (JSON) here. */
  summaryOut?: string;
}

export class UsageError extends Error {}

export const USAGE = `usage: node --import tsx workers/reference-trainer/main.ts [options]
  --skills editing=1,review=0.5   skills to train and their mixture weights (default: all five, weight 1)
  --train-composite bug_fix|none  composite-only baseline: train on the composite bug_fix tasks of the
                                  training repositories instead of the skills (--skills is then not trained)
  --steps N                       GRPO steps (default ${DEFAULT_CONFIG.steps})
  --group-size G                  rollouts per task (default ${DEFAULT_CONFIG.groupSize})
  --tasks-per-step N              tasks per step, split over the skills by weight (default ${DEFAULT_CONFIG.tasksPerStep})
  --lr X                          learning rate (default ${DEFAULT_CONFIG.lr}); --head-lr-scale X (default ${DEFAULT_CONFIG.headLrScale})
  --clip X                        PPO clip range (default ${DEFAULT_CONFIG.clip})
  --kl-coef X                     KL(policy || initial policy) weight, 0 = off (default ${DEFAULT_CONFIG.klCoef})
  --epochs N                      passes over each batch (default ${DEFAULT_CONFIG.epochs})
  --optimizer adam|sgd            (default ${DEFAULT_CONFIG.optimizer})
  --seed N                        (default ${DEFAULT_CONFIG.seed})
  --eval-every K                  evaluate every K steps, 0 = only at the end (default ${DEFAULT_CONFIG.evalEvery})
  --eval-attempts N               attempts per evaluation task, Avg@N (default ${DEFAULT_CONFIG.evalAttempts})
  --eval-tasks N                  tasks per benchmark and held-out skill (default ${DEFAULT_CONFIG.evalTasks})
  --trajectories all|none|every:N log every N-th rollout group (default every:${DEFAULT_CONFIG.trajectoryEvery})
  --no-eval-trajectories          do not log evaluation trajectories
  --threads N                     sandbox threads (default min(2, CPUs))
  --name S, --project S, --group S    for a run not started by a worker
  --summary-out FILE              write the final numbers as JSON`;

/** Parses `editing=1,review=0.5` (a bare name means weight 1). */
export function parseSkills(text: string): Partial<Record<AtomicSkill, number>> {
  const out: Partial<Record<AtomicSkill, number>> = {};
  for (const part of text.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [name, w = "1"] = part.split("=");
    if (!ATOMIC_SKILLS.includes(name as AtomicSkill)) throw new UsageError(`--skills: unknown skill '${name}' (skills: ${ATOMIC_SKILLS.join(", ")})`);
    const weight = Number(w);
    if (!Number.isFinite(weight) || weight < 0) throw new UsageError(`--skills: the weight of ${name} must be a number >= 0, got '${w}'`);
    if (weight > 0) out[name as AtomicSkill] = weight;
  }
  if (!Object.keys(out).length) throw new UsageError("--skills: select at least one skill with a weight > 0");
  return out;
}

export function parseArgs(argv: readonly string[]): CliOptions {
  const config: TrainerConfig = { ...DEFAULT_CONFIG };
  const opts: CliOptions = { config };
  const num = (flag: string, v: string | undefined, { int = false, min = -Infinity } = {}) => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || (int && !Number.isInteger(n)) || n < min) throw new UsageError(`${flag}: expected ${int ? "an integer" : "a number"} >= ${min}, got '${v}'`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const eq = flag.indexOf("=");
    const [name, inline] = flag.startsWith("--") && eq > 0 ? [flag.slice(0, eq), flag.slice(eq + 1)] : [flag, undefined];
    const value = () => inline ?? argv[++i];
    switch (name) {
      case "--skills": config.skills = parseSkills(value()); break;
      case "--train-composite": {
        const v = value();
        if (v !== "none" && !TRAINABLE_COMPOSITES.includes(v as TrainableComposite)) throw new UsageError(`--train-composite: expected ${[...TRAINABLE_COMPOSITES, "none"].join(" or ")}, got '${v}'`);
        config.trainComposite = v === "none" ? null : (v as TrainableComposite);
        break;
      }
      case "--steps": config.steps = num(name, value(), { int: true, min: 0 }); break;
      case "--group-size": config.groupSize = num(name, value(), { int: true, min: 2 }); break;
      case "--tasks-per-step": config.tasksPerStep = num(name, value(), { int: true, min: 1 }); break;
      case "--lr": config.lr = num(name, value(), { min: 0 }); break;
      case "--head-lr-scale": config.headLrScale = num(name, value(), { min: 0 }); break;
      case "--clip": config.clip = num(name, value(), { min: 0 }); break;
      case "--kl-coef": config.klCoef = num(name, value(), { min: 0 }); break;
      case "--epochs": config.epochs = num(name, value(), { int: true, min: 1 }); break;
      case "--optimizer": {
        const v = value();
        if (v !== "adam" && v !== "sgd") throw new UsageError(`--optimizer: expected adam or sgd, got '${v}'`);
        config.optimizer = v;
        break;
      }
      case "--seed": config.seed = num(name, value(), { int: true, min: 0 }); break;
      case "--eval-every": config.evalEvery = num(name, value(), { int: true, min: 0 }); break;
      case "--eval-attempts": config.evalAttempts = num(name, value(), { int: true, min: 1 }); break;
      case "--eval-tasks": config.evalTasks = num(name, value(), { int: true, min: 1 }); break;
      case "--trajectories": {
        const v = value() ?? "";
        const m = /^every:(\d+)$/.exec(v);
        if (v === "all") config.trajectoryEvery = 1;
        else if (v === "none") config.trajectoryEvery = 0;
        else if (m && Number(m[1]) >= 1) config.trajectoryEvery = Number(m[1]);
        else throw new UsageError(`--trajectories: expected all, none or every:N, got '${v}'`);
        break;
      }
      case "--no-eval-trajectories": config.evalTrajectories = false; break;
      case "--threads": opts.threads = num(name, value(), { int: true, min: 1 }); break;
      case "--name": opts.name = value(); break;
      case "--project": opts.project = value(); break;
      case "--group": opts.group = value(); break;
      case "--summary-out": opts.summaryOut = value(); break;
      default:
        throw new UsageError(`unknown option '${flag}'\n${USAGE}`);
    }
  }
  // A composite-only run trains no skill, whatever --skills said.
  if (config.trainComposite) config.skills = {};
  return opts;
}
