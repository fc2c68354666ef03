import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db";
import type { AppContext } from "../context";
import { createCaller } from "../root";
import { startTestServer, type TestServer } from "../testing/test-server";
import { authenticate, ensureBootstrapKey } from "./api-keys";

/** SDK keys limited to one project, on a real server: REST v1, rllm's routes and the MLflow API refuse writes elsewhere. */
let s: TestServer;
let alphaKey: string;
let anyKey: string;
let runA: string;
let runB: string;

const point = (batchId: string) => ({ batchId, points: [{ key: "train/loss", step: 1, value: 0.5 }] });
const pointsOf = async (run: string) => (await s.api(`/api/v1/runs/${run}/metrics?keys=train/loss`)).body.series["train/loss"] ?? [];

async function raw(pathname: string, init: { method?: string; body?: unknown; headers?: Record<string, string> }) {
  const res = await fetch(`${s.url}${pathname}`, {
    method: init.method ?? "POST",
    headers: { "content-type": "application/json", ...init.headers },
    body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
const mlflow = (endpoint: string, body: unknown, key = alphaKey) => raw(`/api/2.0/mlflow/${endpoint}`, { body, headers: { authorization: `Bearer ${key}` } });

beforeAll(async () => {
  s = await startTestServer();
  const created = await s.api("/api/v1/api-keys", { body: { name: "alpha trainer", role: "sdk", project: "alpha" } });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ role: "sdk", project: "alpha" });
  alphaKey = created.body.key;
  anyKey = (await s.api("/api/v1/api-keys", { body: { name: "any trainer", role: "sdk" } })).body.key;
  runA = (await s.api("/api/v1/runs", { body: { project: "alpha", name: "a" } })).body.id;
  runB = (await s.api("/api/v1/runs", { body: { project: "beta", name: "b" } })).body.id;
});
afterAll(async () => {
  await s.close();
});

describe("creating a project-limited key", () => {
  it("lists the project with the key, and refuses a project on any role but sdk (400, nothing stored)", async () => {
    const keys = (await s.api("/api/v1/api-keys")).body.keys;
    expect(keys.find((k: { name: string }) => k.name === "alpha trainer")).toMatchObject({ project: "alpha" });
    expect(keys.find((k: { name: string }) => k.name === "any trainer")).toMatchObject({ project: null });
    const bad = await s.api("/api/v1/api-keys", { body: { name: "w", role: "worker", project: "alpha" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/project: only an SDK key can be limited to a project/);
    expect((await s.api("/api/v1/api-keys")).body.keys).toHaveLength(keys.length);
  });

  it("works the same through tRPC (the keys page)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "project-scope-trpc-"));
    const db = openDatabase(path.join(dir, "skillboard.db"));
    const admin = authenticate(db, `Bearer ${ensureBootstrapKey(db, dir, "scope-admin").key}`);
    const caller = createCaller({ app: { db } as AppContext, principal: admin });
    const key = await caller.auth.createKey({ name: "gamma trainer", role: "sdk", project: "gamma" });
    expect(key.project).toBe("gamma");
    expect(authenticate(db, `Bearer ${key.key}`)).toMatchObject({ role: "sdk", projectId: expect.any(Number) });
    await expect(caller.auth.createKey({ name: "v", role: "viewer", project: "gamma" })).rejects.toThrow(/only an SDK key/);
    db.$client.close();
  });
});

describe("a project-limited SDK key on REST v1", () => {
  it("creates runs in its project (the default when none is named) and nowhere else", async () => {
    const made = await s.api("/api/v1/runs", { key: alphaKey, body: { name: "mine" } });
    expect(made.status).toBe(201);
    expect(made.body.project).toBe("alpha");
    const elsewhere = await s.api("/api/v1/runs", { key: alphaKey, body: { name: "theirs", project: "beta" } });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error.message).toBe("This API key is limited to project 'alpha': it cannot write to project 'beta'.");
    expect((await s.api("/api/v1/runs?project=beta")).body.runs.map((r: { id: string }) => r.id)).toEqual([runB]);
  });

  it("writes to its project's runs; every write to another project's run is a 403 that stores nothing", async () => {
    expect((await s.api(`/api/v1/runs/${runA}/metrics`, { key: alphaKey, body: point("a1") })).status).toBe(201);
    const writes: [string, string, unknown][] = [
      ["POST", "metrics", point("b1")],
      ["POST", "evals", { batchId: "e1", evals: [{ step: 1, benchmark: "swe_verified", attempt: 1, score: 1 }] }],
      ["POST", "logs", { batchId: "l1", chunks: [{ stream: "stdout", text: "x" }] }],
      ["POST", "finish", { status: "failed" }],
      ["PATCH", "", { notes: "mine now" }],
    ];
    for (const [method, sub, body] of writes) {
      const r = await s.api(`/api/v1/runs/${runB}${sub ? `/${sub}` : ""}`, { method, key: alphaKey, body });
      expect(r.status, `${method} ${sub}`).toBe(403);
      expect(r.body.error.message).toBe(`This API key is limited to project 'alpha': run '${runB}' is in project 'beta'.`);
    }
    const b = (await s.api(`/api/v1/runs/${runB}`)).body;
    expect(b).toMatchObject({ status: "running", notes: null });
    expect(await pointsOf(runB)).toEqual([]);
    // Reads stay as they were; an unlimited SDK key still writes anywhere.
    expect((await s.api(`/api/v1/runs/${runB}/metrics?keys=train/loss`, { key: alphaKey })).status).toBe(200);
    expect((await s.api(`/api/v1/runs/${runB}/metrics`, { key: anyKey, body: point("b2") })).status).toBe(201);
  });
});

describe("a project-limited SDK key on rllm's routes", () => {
  const rllm = (pathname: string, body: unknown) => raw(pathname, { body, headers: { "x-api-key": alphaKey } });

  it("opens sessions in its project only and logs only to its project's sessions", async () => {
    expect((await rllm("/api/sessions", { project: "alpha", experiment: "ok" })).status).toBe(201);
    const other = await rllm("/api/sessions", { project: "beta", experiment: "no" });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toMatch(/limited to project 'alpha': it cannot write to project 'beta'/);
    expect((await rllm("/api/metrics", { session_id: runB, step: 2, data: { "train/loss": 1 } })).status).toBe(403);
    expect((await rllm(`/api/sessions/${runB}/complete`, { status: "failed" })).status).toBe(403);
    expect((await s.api(`/api/v1/runs/${runB}`)).body.status).toBe("running");
  });
});

describe("a project-limited SDK key on the MLflow API (experiment = project)", () => {
  it("creates runs and logs only in its own experiment; another experiment is PERMISSION_DENIED", async () => {
    const alphaId = (await raw("/api/2.0/mlflow/experiments/get-by-name?experiment_name=alpha", { method: "GET", headers: { authorization: `Bearer ${alphaKey}` } })).body.experiment.experiment_id;
    const betaId = (await raw("/api/2.0/mlflow/experiments/get-by-name?experiment_name=beta", { method: "GET", headers: { authorization: `Bearer ${alphaKey}` } })).body.experiment.experiment_id;

    const own = await mlflow("runs/create", { experiment_id: alphaId, run_name: "mlflow alpha" });
    expect(own.status).toBe(200);
    expect((await mlflow("runs/log-metric", { run_id: own.body.run.info.run_id, key: "train/loss", value: 1, timestamp: 1, step: 1 })).status).toBe(200);

    const refused = await mlflow("runs/create", { experiment_id: betaId, run_name: "mlflow beta" });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ error_code: "PERMISSION_DENIED", message: "This API key is limited to project 'alpha': it cannot write to project 'beta'." });
    expect((await mlflow("runs/create", { run_name: "default experiment" })).status).toBe(403);
    expect((await mlflow("experiments/create", { name: "gamma-new" })).body.error_code).toBe("PERMISSION_DENIED");
    for (const [endpoint, body] of [
      ["runs/log-metric", { run_id: runB, key: "train/loss", value: 9, timestamp: 1, step: 9 }],
      ["runs/log-batch", { run_id: runB, metrics: [{ key: "train/loss", value: 9, timestamp: 1, step: 9 }] }],
      ["runs/set-tag", { run_id: runB, key: "k", value: "v" }],
      ["runs/update", { run_id: runB, status: "FAILED" }],
    ] as const) {
      const r = await mlflow(endpoint, body);
      expect(r.status, endpoint).toBe(403);
      expect(r.body.error_code).toBe("PERMISSION_DENIED");
    }
    const artifact = await raw(`/api/2.0/mlflow-artifacts/artifacts/${betaId}/${runB}/artifacts/notes.txt`, {
      method: "PUT",
      body: "hello",
      headers: { authorization: `Bearer ${alphaKey}`, "content-type": "text/plain" },
    });
    expect(artifact.status).toBe(403);
    expect(await pointsOf(runB)).toEqual([expect.objectContaining({ value: 0.5 })]);
    expect((await s.api(`/api/v1/runs/${runB}`)).body.status).toBe("running");
    expect((await s.api("/api/v1/runs?project=beta")).body.runs).toHaveLength(1);
  });
});
