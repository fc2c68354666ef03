import fs from "node:fs";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../testing/test-server";

/** Bad input on the MLflow doors answers as MLflow does (`{error_code, message}` with MLflow's statuses) and writes nothing. */
let s: TestServer;
let runId: string;
let artifactRoot: string;

const mlflow = (endpoint: string, body?: unknown, key?: string | null) => s.api(`/api/2.0/mlflow/${endpoint}`, { body, key });

beforeAll(async () => {
  s = await startTestServer();
  const created = await mlflow("runs/create", { experiment_id: "0", run_name: "bad-input" });
  expect(created.status).toBe(200);
  runId = created.body.run.info.run_id;
  artifactRoot = created.body.run.info.artifact_uri.replace("mlflow-artifacts:/", "");
});
afterAll(() => s?.close());

const metric = (i: number) => ({ key: `k${i % 10}`, value: i, timestamp: 1_760_000_000_000 + i, step: i });

describe("MLflow error answers", () => {
  it("an unknown endpoint is ENDPOINT_NOT_FOUND (404)", async () => {
    for (const [endpoint, method] of [["runs/frobnicate", "POST"], ["registered-models/create", "POST"], ["runs/get", "DELETE"]] as const) {
      const r = await s.api(`/api/2.0/mlflow/${endpoint}`, { method, body: method === "POST" ? {} : undefined });
      expect(r.status).toBe(404);
      expect(r.body.error_code).toBe("ENDPOINT_NOT_FOUND");
    }
    const artifacts = await s.api("/api/2.0/mlflow-artifacts/mpu/create/x", { body: {} });
    expect([artifacts.status, artifacts.body.error_code]).toEqual([404, "ENDPOINT_NOT_FOUND"]);
  });

  it("an oversized log-batch is a 400 naming the limit, and stores nothing", async () => {
    const tooMany = await mlflow("runs/log-batch", { run_id: runId, metrics: Array.from({ length: 1001 }, (_, i) => metric(i)) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error_code).toBe("INVALID_PARAMETER_VALUE");
    expect(tooMany.body.message).toContain("at most 1000 metrics");
    const params = await mlflow("runs/log-batch", { run_id: runId, params: Array.from({ length: 101 }, (_, i) => ({ key: `p${i}`, value: "1" })) });
    expect([params.status, params.body.message]).toEqual([400, expect.stringContaining("at most 100 params")]);
    const total = await mlflow("runs/log-batch", {
      run_id: runId,
      metrics: Array.from({ length: 950 }, (_, i) => metric(i)),
      tags: Array.from({ length: 60 }, (_, i) => ({ key: `t${i}`, value: "x" })),
    });
    expect([total.status, total.body.message]).toEqual([400, expect.stringContaining("at most 1000 metrics, params, and tags")]);
    expect((await s.api(`/api/v1/runs/${runId}/metric-keys`)).body.keys).toEqual([]);
    expect((await s.api(`/api/v1/runs/${runId}`)).body.tags).toEqual([]);
  });

  it("a log-batch at the limit is one transaction: a bad entry anywhere stores none of it", async () => {
    const metrics = Array.from({ length: 1000 }, (_, i) => metric(i));
    metrics[999] = { ...metrics[999], step: -1 };
    const r = await mlflow("runs/log-batch", { run_id: runId, metrics, params: [] });
    expect([r.status, r.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    expect((await s.api(`/api/v1/runs/${runId}/metric-keys`)).body.keys).toEqual([]);
    const ok = await mlflow("runs/log-batch", { run_id: runId, metrics: metrics.slice(0, 999) });
    expect(ok.status).toBe(200);
    const keys = (await s.api(`/api/v1/runs/${runId}/metric-keys`)).body.keys;
    expect(keys.reduce((n: number, k: { count: number }) => n + k.count, 0)).toBe(999);
  });

  it("an unknown run id is RESOURCE_DOES_NOT_EXIST (404)", async () => {
    const get = await s.api("/api/2.0/mlflow/runs/get?run_id=no-such-run");
    expect([get.status, get.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
    const log = await mlflow("runs/log-batch", { run_id: "no-such-run", metrics: [metric(1)] });
    expect([log.status, log.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
    const history = await s.api("/api/2.0/mlflow/metrics/get-history?run_id=no-such-run&metric_key=x");
    expect([history.status, history.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
    const onlyNaN = await mlflow("runs/log-batch", { run_id: "no-such-run", metrics: [{ key: "x", value: "NaN", timestamp: 1, step: 0 }] });
    expect([onlyNaN.status, onlyNaN.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
    const missingId = await mlflow("runs/log-metric", { key: "x", value: 1 });
    expect([missingId.status, missingId.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
  });

  it("accepts non-finite metric values as MLflow does, storing the finite ones only", async () => {
    const r = await mlflow("runs/log-batch", {
      run_id: runId,
      metrics: [
        { key: "nf", value: "NaN", timestamp: 1, step: 1 },
        { key: "nf", value: "Infinity", timestamp: 2, step: 2 },
        { key: "nf", value: "-Infinity", timestamp: 3, step: 3 },
        { key: "nf", value: 0.5, timestamp: "4", step: "4" },
      ],
    });
    expect(r.status).toBe(200);
    const history = await s.api(`/api/2.0/mlflow/metrics/get-history?run_id=${runId}&metric_key=nf`);
    expect(history.body.metrics).toEqual([{ key: "nf", value: 0.5, timestamp: 4, step: 4 }]);
    const word = await mlflow("runs/log-metric", { run_id: runId, key: "nf", value: "lots", step: 5 });
    expect([word.status, word.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
  });

  it("experiments: a missing name is RESOURCE_DOES_NOT_EXIST, a second create RESOURCE_ALREADY_EXISTS", async () => {
    const missing = await s.api(`/api/2.0/mlflow/experiments/get-by-name?experiment_name=${encodeURIComponent("no such")}`);
    expect([missing.status, missing.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
    expect((await mlflow("experiments/create", { name: "ablations" })).status).toBe(200);
    const again = await mlflow("experiments/create", { name: "ablations" });
    expect([again.status, again.body.error_code]).toEqual([400, "RESOURCE_ALREADY_EXISTS"]);
    const unknownId = await s.api("/api/2.0/mlflow/experiments/get?experiment_id=987654");
    expect([unknownId.status, unknownId.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
    const badFilter = await mlflow("runs/search", { experiment_ids: ["0"], filter: "metrics.acc >" });
    expect([badFilter.status, badFilter.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
  });

  it("a param logged again with another value is refused, with the same value accepted", async () => {
    expect((await mlflow("runs/log-parameter", { run_id: runId, key: "optim.lr", value: "0.1" })).status).toBe(200);
    expect((await mlflow("runs/log-parameter", { run_id: runId, key: "optim.lr", value: "0.1" })).status).toBe(200);
    const changed = await mlflow("runs/log-parameter", { run_id: runId, key: "optim.lr", value: "0.2" });
    expect([changed.status, changed.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    expect((await s.api(`/api/v1/runs/${runId}`)).body.config.optim).toEqual({ lr: 0.1 });
  });

  it("malformed JSON, no key and a viewer key answer in MLflow's shape", async () => {
    const malformed = await mlflow("runs/log-batch", "{not json");
    expect([malformed.status, malformed.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    const anonymous = await mlflow("runs/log-batch", { run_id: runId }, null);
    expect([anonymous.status, anonymous.body.error_code]).toEqual([401, "UNAUTHENTICATED"]);
    const viewer = (await s.api("/api/v1/api-keys", { body: { name: "viewer", role: "viewer" } })).body.key;
    const denied = await mlflow("runs/log-batch", { run_id: runId, metrics: [metric(1)] }, viewer);
    expect([denied.status, denied.body.error_code]).toEqual([403, "PERMISSION_DENIED"]);
    const search = await mlflow("runs/search", { experiment_ids: ["0"] }, viewer);
    expect(search.status).toBe(200);
    expect(search.body.runs.map((r: { info: { run_id: string } }) => r.info.run_id)).toContain(runId);
  });
});

describe("a run Skillboard launched", () => {
  it("takes the trainer's params and metrics through MLFLOW_RUN_ID, but its worker, not end_run, ends it", async () => {
    const launched = await s.api("/api/v1/launches", { body: { recipe: "reference-joint-grpo", name: "launched" } });
    expect(launched.status).toBe(201);
    const id = launched.body.runs[0].id;
    const recipeSeed = (await s.api(`/api/v1/runs/${id}`)).body.config.seed;
    // verl logs its whole config; a value the recipe wrote differently is kept beside it, not refused.
    const params = [{ key: "trainer.total_epochs", value: "3" }, { key: "seed", value: "seed-as-the-trainer-spells-it" }];
    expect((await mlflow("runs/log-batch", { run_id: id, params, metrics: [metric(1)] })).status).toBe(200);
    const ended = await mlflow("runs/update", { run_id: id, status: "FINISHED", end_time: Date.now() });
    expect([ended.status, ended.body.run_info.status]).toEqual([200, "SCHEDULED"]);
    const run = (await s.api(`/api/v1/runs/${id}`)).body;
    expect(run.status).toBe("queued");
    expect(run.config).toMatchObject({ recipe: "reference-joint-grpo", seed: recipeSeed, trainer: { total_epochs: 3 }, "mlflow.params": { seed: "seed-as-the-trainer-spells-it" } });
  });
});

describe("artifact paths", () => {
  const put = (urlPath: string, body = "x") =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      // node:http sends the path exactly as written (fetch would normalise '..' away).
      const req = http.request(`${s.url}${urlPath}`, { method: "PUT", headers: { authorization: `Bearer ${s.apiKey}` } }, (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null }));
      });
      req.on("error", reject);
      req.end(body);
    });
  const base = () => `/api/2.0/mlflow-artifacts/artifacts/${artifactRoot}`;

  it("refuses traversal out of the run's artifacts", async () => {
    for (const p of [`${base()}/..%2F..%2Fescape.txt`, `${base()}/a%5C..%5Cb.txt`, `${base()}/%2E%2E/%2E%2E/%2E%2E/escape.txt`, `${base()}/../../../../escape.txt`]) {
      const r = await put(p);
      expect(r.status, p).toBeGreaterThanOrEqual(400);
      expect(r.status, p).toBeLessThan(500);
    }
    const written = fs.readdirSync(s.dataDir, { recursive: true }) as string[];
    expect(written.filter((f) => f.includes("escape"))).toEqual([]);
    const listing = await s.api(`/api/2.0/mlflow-artifacts/artifacts?path=${encodeURIComponent(`${artifactRoot}/../..`)}`);
    expect([listing.status, listing.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
  });

  it("refuses a file name longer than a file system takes (400, not a crash)", async () => {
    for (const name of ["a".repeat(300), "😀".repeat(60)]) {
      const r = await put(`${base()}/${encodeURIComponent(name)}`);
      expect([r.status, r.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
      expect(r.body.message).toMatch(/at most 200/);
    }
  });

  it("stores a file for a known run only", async () => {
    expect((await put(`${base()}/ok/file.txt`, "kept")).status).toBe(200);
    const res = await fetch(`${s.url}${base()}/ok/file.txt`, { headers: { authorization: `Bearer ${s.apiKey}` } });
    expect(await res.text()).toBe("kept");
    const unknown = await put(`/api/2.0/mlflow-artifacts/artifacts/0/no-such-run/artifacts/file.txt`);
    expect([unknown.status, unknown.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
  });

  it("a val_step file that is not verl's shape is stored, not turned into trajectories", async () => {
    expect((await put(`${base()}/val_step9.json`, JSON.stringify({ not: "a list" }))).status).toBe(200);
    expect((await s.api(`/api/v1/runs/${runId}/trajectories`)).body.trajectories).toEqual([]);
  });
});
