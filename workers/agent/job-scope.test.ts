import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgentTestServer, killQuietly, NODE, spawnWorkerProcess, tempDir, waitFor } from "./testing/harness";
import { EXPECTED_JOB_TOKEN_STATUSES, parseProbe, writeScopeProbe } from "./testing/scope-probe";

/**
 * A real `bin/skillboard worker` process with a worker key, running a real job: the job gets a
 * token for its own run (never the worker's key) and only the allowed part of the worker's environment.
 */

const probe = writeScopeProbe(tempDir("scripts"));
const server = new AgentTestServer([
  { name: "scope-probe", argv: [NODE, probe, "{{other}}"], params: { other: { type: "string" } }, env: { FROM_RECIPE: "recipe value" } },
]);
const workDir = tempDir("work");
let worker: ChildProcess | undefined;
let workerKey: string;

/** A request with another key than the server's admin key. */
async function as(key: string, method: string, pathname: string, body?: unknown) {
  const res = await fetch(`${server.url}/api/v1${pathname}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

beforeAll(async () => {
  await server.start();
  workerKey = (await server.api("/api-keys", { name: "gpu host", role: "worker" })).body.key;
  const w = await spawnWorkerProcess({ url: server.url, apiKey: workerKey }, ["--work-dir", workDir, "--gpus", "none", "--pass-env", "OPERATOR_ONE", "--pass-env", "OPERATOR_TWO"], {
    SCOPE_SECRET: "the worker's secret",
    AWS_SECRET_ACCESS_KEY: "not for jobs",
    OPERATOR_ONE: "one",
    OPERATOR_TWO: "two",
    EXTRA_A: "a",
    SKILLBOARD_PASS_ENV: "EXTRA_*",
    HF_HOME: "/tmp/hf-home-for-test",
  });
  worker = w.proc;
}, 60_000);
afterAll(async () => {
  killQuietly(worker?.pid, "SIGTERM");
  await server.stop();
});

describe("a local worker's job", () => {
  let runId: string;
  let other: string;

  it("gets a token that writes only to its own run, and an environment without the worker's secrets", async () => {
    other = (await server.api("/runs", { name: "someone else's run" })).body.id;
    runId = await server.launch("scope-probe", { other });
    const run = await server.waitForStatus(runId, ["succeeded", "failed", "lost", "canceled"]);
    const stdout = await server.streamText(runId, "stdout");
    expect(run.status, `${run.error}\n${stdout}`).toBe("succeeded");
    const report = parseProbe(stdout);

    expect(report.keyKind).toBe("sbj_");
    expect(fs.readFileSync(path.join(workDir, runId, "job-token"), "utf8")).not.toBe(workerKey);
    expect(report.statuses).toEqual(EXPECTED_JOB_TOKEN_STATUSES);

    // The allow-list, the operator's names (--pass-env and SKILLBOARD_PASS_ENV), the recipe's env, the SKILLBOARD_* variables.
    expect(report.env.PATH).toBe(process.env.PATH);
    expect(report.env).toMatchObject({ HF_HOME: "/tmp/hf-home-for-test", OPERATOR_ONE: "one", OPERATOR_TWO: "two", EXTRA_A: "a", FROM_RECIPE: "recipe value" });
    expect(report.env).toMatchObject({ SKILLBOARD_RUN_ID: runId, SKILLBOARD_URL: server.url, SKILLBOARD_MANAGED: "1" });
    expect(report.env.SCOPE_SECRET).toBeUndefined();
    expect(report.env.AWS_SECRET_ACCESS_KEY).toBeUndefined();
    expect(report.env.SKILLBOARD_PASS_ENV).toBeUndefined();
    expect(Object.values(report.env)).not.toContain(workerKey);

    // Nothing reached the other run.
    expect((await server.metrics(other, ["probe/x"]))["probe/x"] ?? []).toEqual([]);
    expect((await server.run(other)).status).toBe("running");
    expect((await server.metrics(runId, ["probe/x"]))["probe/x"]).toEqual([expect.objectContaining({ step: 1, value: 1 })]);
  }, 90_000);

  it("stops working once its run ended longer ago than the grace period", async () => {
    const token = fs.readFileSync(path.join(workDir, runId, "job-token"), "utf8");
    expect((await as(token, "GET", `/runs/${runId}`)).status).toBe(200);
    const db = new Database(path.join(server.dataDir, "skillboard.db"));
    try {
      db.prepare("UPDATE runs SET ended_at = ? WHERE id = ?").run(Date.now() - 2 * 60 * 60_000, runId);
    } finally {
      db.close();
    }
    const expired = await as(token, "POST", `/runs/${runId}/metrics`, { batchId: "late", points: [{ key: "probe/x", step: 2, value: 2 }] });
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toMatch(/^This job token expired: run '\S+' ended at /);
  });
});

describe("a worker key", () => {
  it("leases, heartbeats and reports (the job above ran), and cannot manage keys, launch, cancel, delete or purge", async () => {
    const run = (await server.api("/runs", { name: "a run" })).body.id;
    const refused = {
      createKey: await as(workerKey, "POST", "/api-keys", { name: "escalate", role: "admin" }),
      listKeys: await as(workerKey, "GET", "/api-keys"),
      launch: await as(workerKey, "POST", "/launches", { recipe: "scope-probe", params: { other: run } }),
      cancel: await as(workerKey, "POST", `/runs/${run}/cancel`, {}),
      delete: await as(workerKey, "DELETE", `/runs/${run}`),
      purge: await as(workerKey, "POST", `/runs/${run}/purge`, {}),
      schedulerReport: await as(workerKey, "POST", `/runs/${run}/scheduler-report`, { event: "started" }),
    };
    for (const [what, r] of Object.entries(refused)) expect(r.status, what).toBe(403);
    expect(refused.createKey.body.error.message).toMatch(/needs an admin key; the request used a worker key/);
    expect(refused.schedulerReport.body.error.message).toMatch(/Only the run's own job token/);
    expect((await server.api("/api-keys")).body.keys.filter((k: { name: string }) => k.name === "escalate")).toEqual([]);
    expect((await server.run(run)).status).toBe("running");
  });
});
