import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPython } from "../testing/python-venv";
import { startTestServer, type TestServer } from "../testing/test-server";

/**
 * verl 0.9.1's own `verl/utils/tracking.py` (loaded from the wheel by file: importing the `verl`
 * package needs torch and ray) driven as verl's trainer drives it, with the mlflow backend
 * pointed at Skillboard.
 */
let s: TestServer;
let env: Record<string, string>;

beforeAll(async () => {
  s = await startTestServer();
  const sdk = await s.api("/api/v1/api-keys", { body: { name: "verl", role: "sdk" } });
  env = { MLFLOW_TRACKING_URI: s.url, MLFLOW_TRACKING_TOKEN: sdk.body.key, MLFLOW_HTTP_REQUEST_MAX_RETRIES: "0" };
});
afterAll(() => s?.close());

const VERL_SCRIPT = String.raw`
import importlib.util, json, os, sysconfig, mlflow
path = os.path.join(sysconfig.get_paths()["purelib"], "verl", "utils", "tracking.py")
spec = importlib.util.spec_from_file_location("verl_tracking", path)
tracking = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tracking)

config = {
    "trainer": {"project_name": "verl-gsm8k", "experiment_name": "qwen2.5-grpo", "total_epochs": 2, "logger": ["console", "mlflow"]},
    "actor_rollout_ref": {"actor": {"optim": {"lr": 1e-6}, "ppo_mini_batch_size": 64}, "rollout": {"n": 4, "name": "vllm"}},
    "data": {"train_files": ["gsm8k/train.parquet", "math/train.parquet"], "max_prompt_length": 512},
}
tracker = tracking.Tracking(project_name="verl-gsm8k", experiment_name="qwen2.5-grpo", default_backend=["mlflow"], config=config)
assert "mlflow" in tracker.logger, "verl's mlflow backend did not initialise"
run_id = mlflow.active_run().info.run_id
for step in range(1, 4):
    tracker.log(data={"actor/pg_loss": 0.1 * step, "critic/score/mean": 0.2 * step, "val-core/openai/gsm8k/reward/mean@4": 0.5 + 0.1 * step}, step=step)

samples = [
    ["<|user|>What is 1+1?", "The answer is 2.", 1.0],
    ["<|user|>What is 2+2?", "The answer is 5.", 0.0],
    ["<|user|>What is 3+3?", "#### 6", 1.0],
]
validation = tracking.ValidationGenerationsLogger(project_name="verl-gsm8k", experiment_name="qwen2.5-grpo")
validation.log(["mlflow"], samples, 3)
validation.log(["mlflow"], samples, 3)  # the same file again: stored once
validation.log(["mlflow"], samples[:1], 6)
tracker.finish()
print(json.dumps({"run_id": run_id}))
`;

describe("verl's Tracking and ValidationGenerationsLogger with the mlflow backend", () => {
  let runId: string;
  beforeAll(async () => {
    runId = JSON.parse((await runPython(VERL_SCRIPT, env)).trim().split("\n").at(-1)!).run_id;
  });

  it("logs the run into the project named by project_name, with verl's flattened config as a tree", async () => {
    const run = (await s.api(`/api/v1/runs/${runId}`)).body;
    expect(run.project).toBe("verl-gsm8k");
    expect(run.name).toBe("qwen2.5-grpo");
    expect(run.status).toBe("succeeded");
    // verl flattens with '/' and turns lists into {list_len, 0, 1, …}.
    expect(run.config.actor_rollout_ref).toEqual({ actor: { optim: { lr: "1e-06" }, ppo_mini_batch_size: 64 }, rollout: { n: 4, name: "vllm" } });
    expect(run.config.data.train_files).toEqual({ list_len: 2, 0: "gsm8k/train.parquet", 1: "math/train.parquet" });
  });

  it("stores verl's metrics under their MLflow names, step by step", async () => {
    const keys = (await s.api(`/api/v1/runs/${runId}/metric-keys`)).body.keys.map((k: { key: string }) => k.key);
    expect(keys).toEqual(expect.arrayContaining(["actor/pg_loss", "critic/score/mean", "val-core/openai/gsm8k/reward/mean_at_4"]));
    const series = (await s.api(`/api/v1/runs/${runId}/metrics?keys=val-core/openai/gsm8k/reward/mean_at_4`)).body.series["val-core/openai/gsm8k/reward/mean_at_4"];
    expect(series.map((p: { step: number }) => p.step)).toEqual([1, 2, 3]);
    expect(series[2].value).toBeCloseTo(0.8);
  });

  it("turns each validation sample into a trajectory, once per artifact", async () => {
    const listed = (await s.api(`/api/v1/runs/${runId}/trajectories?limit=100`)).body;
    const rows = listed.trajectories;
    expect(rows).toHaveLength(4);
    const atStep3 = rows.filter((t: { step: number }) => t.step === 3).sort((a: { sampleIndex: number }, b: { sampleIndex: number }) => a.sampleIndex - b.sampleIndex);
    expect(atStep3.map((t: { reward: number; passed: boolean }) => [t.reward, t.passed])).toEqual([[1, true], [0, false], [1, true]]);
    expect(rows.filter((t: { step: number }) => t.step === 6)).toHaveLength(1);

    const body = (await s.api(`/api/v1/trajectories/${atStep3[1].id}`)).body;
    const { trajectory } = body;
    expect(trajectory.turns).toEqual([
      { role: "user", content: "<|user|>What is 2+2?" },
      { role: "assistant", content: "The answer is 5." },
    ]);
    expect(trajectory.metadata).toMatchObject({ source: "verl-validation", artifact: "val_step3.json" });
    expect(trajectory.skill).toBe("validation");
  });

  it("keeps the artifacts themselves", async () => {
    const { run } = (await s.api(`/api/2.0/mlflow/runs/get?run_id=${runId}`)).body;
    const root = run.info.artifact_uri.replace("mlflow-artifacts:/", "");
    const res = await fetch(`${s.url}/api/2.0/mlflow-artifacts/artifacts?path=${encodeURIComponent(root)}`, { headers: { authorization: `Bearer ${s.apiKey}` } });
    const { files } = await res.json();
    expect(files.map((f: { path: string }) => f.path)).toEqual(["val_step3.json", "val_step6.json"]);
  });
});
