/**
 * The reference joint-RL trainer: GRPO over the five atomic skills of the
 * bundled task world, logging through the Skillboard SDK. Run by the
 * `reference-joint-grpo` recipe (a worker sets SKILLBOARD_RUN_ID & co.), or by hand:
 *
 *   node --import tsx workers/reference-trainer/main.ts --skills editing=1 --steps 40
 *   SKILLBOARD_MODE=offline node --import tsx workers/reference-trainer/main.ts
 */
import fs from "node:fs";
import * as skillboard from "../../sdk/ts/src/index";
import { parseArgs, USAGE, UsageError, type CliOptions } from "./args";
import { Sandbox } from "./sandbox/sandbox";
import { TRAINABLE_COMPOSITES, Trainer } from "./train/trainer";
import { loadWorld, WorldIndex } from "./world/load";
import { ATOMIC_SKILLS, BENCHMARKS } from "./world/types";

async function main(): Promise<number> {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  let opts: CliOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    return 2;
  }
  const { config } = opts;
  const world = new WorldIndex(loadWorld());
  const skills = Object.keys(config.skills);
  const label = config.trainComposite
    ? `only-${config.trainComposite}`
    : skills.length === ATOMIC_SKILLS.length
      ? "joint"
      : skills.length === 1
        ? `only-${skills[0]}`
        : skills.join("+");
  const count = (kind: string, split: "train" | "heldout") => world.tasks(kind as never, split).length;
  const run = skillboard.init({
    project: opts.project,
    name: opts.name ?? `reference-grpo ${label}`,
    group: opts.group,
    config: {
      trainer: "reference-joint-grpo",
      ...config,
      world: {
        repositories: world.world.repos.length,
        trainTasks: Object.fromEntries([...ATOMIC_SKILLS, ...TRAINABLE_COMPOSITES].map((s) => [s, count(s, "train")])),
        heldoutTasks: Object.fromEntries([...ATOMIC_SKILLS, ...BENCHMARKS].map((s) => [s, count(s, "heldout")])),
      },
    },
    tags: ["reference-trainer", label, ...(config.trainComposite ? ["composite-only"] : [])],
  });
  const sandbox = new Sandbox({ threads: opts.threads });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping after the current step`);
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  console.log(
    `reference trainer: run ${run.id} (${run.mode}), ${config.trainComposite ? `composite-only: ${config.trainComposite} training tasks` : `skills ${JSON.stringify(config.skills)}`}, ${config.steps} steps x ${config.tasksPerStep} tasks x ${config.groupSize} rollouts, ` +
      `seed ${config.seed}, ${world.world.repos.length} repositories, ${sandbox.threads} sandbox threads`,
  );
  const trainer = new Trainer(world, sandbox, config, {
    log: (metrics, step) => run.log(metrics, step),
    logEval: (benchmark, attempt, score, step) => run.logEval(benchmark, attempt, score, step),
    logTrajectory: (t) => run.logTrajectory(t as unknown as skillboard.Trajectory),
    print: (line) => console.log(line),
  });
  try {
    const summary = await trainer.run(() => stopping);
    if (opts.summaryOut) fs.writeFileSync(opts.summaryOut, JSON.stringify({ label, config, ...summary, policy: trainer.policy.toJSON() }, null, 2));
    console.log(`done in ${summary.seconds.toFixed(1)} s: ${JSON.stringify({ heldout: summary.heldout, benchmarks: summary.benchmarks })}`);
    await run.finish(stopping ? "canceled" : "succeeded", { exitCode: stopping ? 143 : 0 });
    return stopping ? 143 : 0;
  } catch (error) {
    console.error((error as Error).stack ?? String(error));
    await run.finish("failed", { exitCode: 1 });
    return 1;
  } finally {
    await sandbox.close();
  }
}

process.exitCode = await main();
