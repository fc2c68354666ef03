import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPython } from "../testing/python-venv";
import { startTestServer, type TestServer } from "../testing/test-server";

/**
 * The real MLflow client (mlflow-skinny from the test venv) against a real Skillboard server:
 * MLFLOW_TRACKING_URI + MLFLOW_TRACKING_TOKEN (an SDK key) is all it is given. What it logged is
 * then read back through MLflow and through Skillboard's own REST v1.
 */
let s: TestServer;
let env: Record<string, string>;

beforeAll(async () => {
  s = await startTestServer();
  const sdk = await s.api("/api/v1/api-keys", { body: { name: "trainer", role: "sdk" } });
  expect(sdk.status).toBe(201);
  env = { MLFLOW_TRACKING_URI: s.url, MLFLOW_TRACKING_TOKEN: sdk.body.key, MLFLOW_HTTP_REQUEST_MAX_RETRIES: "0" };
});
afterAll(() => s?.close());

const CLIENT_SCRIPT = String.raw`
import json, os, tempfile, mlflow
from mlflow import MlflowClient

def flatten(d, prefix=""):
    out = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict): out.update(flatten(v, key + "."))
        else: out[key] = v
    return out

experiment = mlflow.set_experiment("grpo-joint")
with mlflow.start_run(run_name="joint-seed1") as run:
    run_id = run.info.run_id
    mlflow.log_params(flatten({"actor": {"optim": {"lr": 1e-06, "warmup": 10}, "ppo_epochs": 1}, "data": {"train_batch_size": 256}, "model": "qwen-7b"}))
    for step in range(5):
        mlflow.log_metric("train/loss", 1.0 / (step + 1), step=step)
    mlflow.log_metrics({"skill/editing/pass@1": 0.5, "val-core/swe/acc/mean_at_4": 0.25}, step=3)
    mlflow.log_metrics({"skill/editing/pass@1": 0.75}, step=7)
    mlflow.log_metric("train/grad_norm", float("nan"), step=1)  # accepted as MLflow accepts it; not stored
    mlflow.log_metric("train/grad_norm", 2.5, step=2)
    mlflow.set_tag("team", "rl")
    mlflow.set_tags({"ablation": "joint", "mlflow.note.content": "first try"})
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "notes.txt")
        with open(path, "w") as f:
            f.write("hello artifacts")
        mlflow.log_artifact(path)
        mlflow.log_artifact(path, artifact_path="sub/dir")
    artifact_uri = run.info.artifact_uri

client = MlflowClient()
history = client.get_metric_history(run_id, "train/loss")
got = client.get_run(run_id)
found = client.search_runs([experiment.experiment_id], "tags.team = 'rl' AND metrics.${"`"}skill/editing/pass@1${"`"} > 0.6", order_by=["attributes.start_time DESC"])
missing = client.search_runs([experiment.experiment_id], "params.model = 'other'")
experiments = client.search_experiments()
by_filter = client.search_experiments(filter_string="name = 'grpo-joint'")
listing = [(f.path, f.is_dir, f.file_size) for f in client.list_artifacts(run_id)]
sub = [(f.path, f.is_dir) for f in client.list_artifacts(run_id, "sub/dir")]
with tempfile.TemporaryDirectory() as d:
    local = mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path="notes.txt", dst_path=d)
    downloaded = open(local).read()
again = mlflow.set_experiment("grpo-joint")
print(json.dumps({
    "run_id": run_id,
    "experiment_id": experiment.experiment_id,
    "again_id": again.experiment_id,
    "artifact_uri": artifact_uri,
    "history": [[m.step, m.value, m.timestamp] for m in history],
    "status": got.info.status,
    "end_time": got.info.end_time,
    "run_name": got.info.run_name,
    "params": got.data.params,
    "metrics": got.data.metrics,
    "tags": got.data.tags,
    "found": [r.info.run_id for r in found],
    "missing": [r.info.run_id for r in missing],
    "experiments": [e.name for e in experiments],
    "by_filter": [e.experiment_id for e in by_filter],
    "listing": listing,
    "sub": sub,
    "downloaded": downloaded,
}))
`;

describe("the MLflow Python client against Skillboard", () => {
  let out: any;
  beforeAll(async () => {
    out = JSON.parse((await runPython(CLIENT_SCRIPT, env)).trim().split("\n").at(-1)!);
  });

  it("creates the experiment once as a project and the run in it", async () => {
    expect(out.again_id).toBe(out.experiment_id);
    expect(out.experiments).toEqual(expect.arrayContaining(["grpo-joint"]));
    expect(out.by_filter).toEqual([out.experiment_id]);
    const run = (await s.api(`/api/v1/runs/${out.run_id}`)).body;
    expect(run.project).toBe("grpo-joint");
    expect(run.name).toBe("joint-seed1");
    expect(out.run_name).toBe("joint-seed1");
    expect(out.artifact_uri).toBe(`mlflow-artifacts:/${out.experiment_id}/${out.run_id}/artifacts`);
  });

  it("unflattens params into the config tree and reads them back", async () => {
    const run = (await s.api(`/api/v1/runs/${out.run_id}`)).body;
    const { "mlflow.tags": systemTags, ...tree } = run.config;
    // Numbers whose spelling JSON keeps become numbers; others ("1e-06") stay the string MLflow sent, so reading back is exact.
    expect(tree).toEqual({ actor: { optim: { lr: "1e-06", warmup: 10 }, ppo_epochs: 1 }, data: { train_batch_size: 256 }, model: "qwen-7b" });
    expect(systemTags).toMatchObject({ "mlflow.source.type": "LOCAL" });
    expect(out.params).toEqual({ "actor.optim.lr": "1e-06", "actor.optim.warmup": "10", "actor.ppo_epochs": "1", "data.train_batch_size": "256", model: "qwen-7b" });
  });

  it("stores metrics in the metric store: MLflow's step is the step, its timestamp the wall time", async () => {
    expect(out.history.map((h: number[]) => [h[0], h[1]])).toEqual([0, 1, 2, 3, 4].map((step) => [step, 1 / (step + 1)]));
    for (const [, , timestamp] of out.history) expect(timestamp).toBeGreaterThan(1_600_000_000_000);
    const series = (await s.api(`/api/v1/runs/${out.run_id}/metrics?keys=train/loss,skill/editing/pass@1,val-core/swe/acc/mean_at_4`)).body.series;
    expect(series["train/loss"].map((p: { step: number; value: number }) => [p.step, p.value])).toEqual(out.history.map((h: number[]) => [h[0], h[1]]));
    expect(series["train/loss"][0].wallTime).toBeCloseTo(out.history[0][2] / 1000, 2);
    expect(series["skill/editing/pass@1"].map((p: { step: number; value: number }) => [p.step, p.value])).toEqual([[3, 0.5], [7, 0.75]]);
    expect(series["val-core/swe/acc/mean_at_4"]).toHaveLength(1);
    expect(out.metrics).toMatchObject({ "train/loss": 0.2, "skill/editing/pass@1": 0.75, "train/grad_norm": 2.5 });
  });

  it("keeps tags: user tags as the run's key=value tags, the note as its notes, and reads them back", async () => {
    const run = (await s.api(`/api/v1/runs/${out.run_id}`)).body;
    expect(run.tags).toEqual(expect.arrayContaining(["team=rl", "ablation=joint"]));
    expect(run.notes).toBe("first try");
    expect(out.tags).toMatchObject({ team: "rl", ablation: "joint", "mlflow.runName": "joint-seed1", "mlflow.note.content": "first try" });
    expect(out.tags["mlflow.user"]).toBeDefined();
    expect(run.config["mlflow.tags"]?.["mlflow.user"]).toBe(out.tags["mlflow.user"]);
  });

  it("finishes the run through end_run as succeeded", async () => {
    const run = (await s.api(`/api/v1/runs/${out.run_id}`)).body;
    expect(run.status).toBe("succeeded");
    expect(out.status).toBe("FINISHED");
    expect(out.end_time).toBe(Date.parse(run.endedAt));
  });

  it("searches runs by tag and metric", () => {
    expect(out.found).toEqual([out.run_id]);
    expect(out.missing).toEqual([]);
  });

  it("stores, lists and serves artifacts", () => {
    expect(out.listing).toEqual([["notes.txt", false, 15], ["sub", true, null]]);
    expect(out.sub).toEqual([["sub/dir/notes.txt", false]]);
    expect(out.downloaded).toBe("hello artifacts");
  });
});
