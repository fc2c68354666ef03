import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPython } from "../../../server/testing/python-venv";
import { startTestServer, type TestServer } from "../../../server/testing/test-server";

const SDK_DIR = path.resolve(import.meta.dirname, "..");

let s: TestServer;
let out: any;
beforeAll(async () => {
  s = await startTestServer();
  const script = fs.readFileSync(path.join(import.meta.dirname, "trl_trainer_events.py"), "utf8");
  const stdout = await runPython(script, {
    PYTHONPATH: SDK_DIR,
    SKILLBOARD_URL: s.url,
    SKILLBOARD_API_KEY: s.apiKey,
    SKILLBOARD_SPOOL_DIR: path.join(s.dataDir, "spool"),
    SKILLBOARD_RUN_ID: "",
  });
  out = JSON.parse(stdout.trim().split("\n").at(-1)!);
});
afterAll(async () => {
  await s?.close();
});

const series = async (runId: string, ...keys: string[]) =>
  (await s.api(`/api/v1/runs/${runId}/metrics?keys=${keys.map(encodeURIComponent).join(",")}`)).body.series as Record<string, { step: number; value: number }[]>;

describe("skillboard.integrations.trl.SkillboardCallback under transformers' CallbackHandler", () => {
  it("on_train_begin makes the run: project, TrainingArguments.run_name, the arguments and the model config", async () => {
    const run = (await s.api(`/api/v1/runs/${out.run}`)).body;
    expect(run).toMatchObject({ project: "trl-proj", name: "grpo-qwen-trl", status: "succeeded" });
    expect(run.config).toMatchObject({ learning_rate: 1e-6, max_steps: 3, eval_steps: 2, run_name: "grpo-qwen-trl", dataset: "atomic-skills" });
    expect(run.config.model_config).toMatchObject({ n_layer: 2, model_type: "gpt2" });
    expect(out.finishedAtTrainEnd).toBe(true);
  });

  it("on_log stores what the trainer logs at state.global_step under its own keys (TRL's rewards/<func>/mean kept raw)", async () => {
    const m = await series(out.run, "loss", "rewards/accuracy_reward/mean", "reward", "kl", "train_loss", "note");
    expect(m.loss.map((p) => [p.step, p.value])).toEqual([[1, 0.1], [2, 0.05], [3, 0.1 / 3]]);
    expect(m["rewards/accuracy_reward/mean"].map((p) => p.step)).toEqual([1, 2, 3]);
    expect(m["rewards/accuracy_reward/mean"][1].value).toBeCloseTo(0.4);
    expect(m.reward.map((p) => p.step)).toEqual([1, 2, 3]);
    expect(m.train_loss).toEqual([{ ...m.train_loss[0], step: 3, value: 0.07 }]);
    expect(m.note).toEqual([]);
  });

  it("on_evaluate stores eval_* metrics at the step; an evaluate() after train() lands in the same run", async () => {
    expect(out.afterTrain).toBe(out.run);
    const m = await series(out.run, "eval_loss", "eval_rewards/accuracy_reward/mean");
    expect(m.eval_loss.map((p) => [p.step, p.value])).toEqual([[2, 0.05], [3, 0.04]]);
    expect(m["eval_rewards/accuracy_reward/mean"].map((p) => [p.step, p.value])).toEqual([[2, 0.6], [3, 0.7]]);
    expect((await s.api(`/api/v1/runs/${out.run}`)).body.status).toBe("succeeded");
  });

  it("only the main process logs", async () => {
    expect(out.rank1Run).toBeNull();
    const runs = (await s.api(`/api/v1/runs?project=trl-proj`)).body.runs;
    expect(runs.map((r: any) => r.id).sort()).toEqual([out.run, out.ownRun].sort());
  });

  it("with a run made by skillboard.init() it logs into that run and leaves it open", async () => {
    expect(out.ownRunStillOpen).toBe(true);
    const m = await series(out.ownRun, "loss");
    expect(m.loss.map((p) => [p.step, p.value])).toEqual([[5, 2]]);
    expect((await s.api(`/api/v1/runs/${out.ownRun}`)).body).toMatchObject({ name: "own-run", status: "succeeded" });
  });
});
