import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_WORKER_KEY_NAME, localWorkerKeyFile } from "@/server/auth/local-worker-key";
import { NODE, REPO_ROOT, waitFor } from "@/workers/agent/testing/harness";
import { EXPECTED_JOB_TOKEN_STATUSES, parseProbe, writeScopeProbe } from "@/workers/agent/testing/scope-probe";

/**
 * `bin/skillboard up` as a real process: its embedded worker runs with a worker key of its own,
 * never the admin key, and the jobs it starts get a job token and only the allowed part of `up`'s environment.
 */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-up-"));
const dataDir = path.join(tmp, "data");
const recipesDir = path.join(tmp, "recipes");
const adminKey = `up-admin-${Math.random().toString(36).slice(2)}`;
let proc: ChildProcess;
let output = "";
let url = "";

async function api(pathname: string, opts: { key?: string; method?: string; body?: unknown } = {}) {
  const res = await fetch(`${url}/api/v1${pathname}`, {
    method: opts.method ?? (opts.body === undefined ? "GET" : "POST"),
    headers: { authorization: `Bearer ${opts.key ?? adminKey}`, "content-type": "application/json" },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

beforeAll(async () => {
  fs.mkdirSync(recipesDir, { recursive: true });
  const probe = writeScopeProbe(tmp);
  fs.writeFileSync(
    path.join(recipesDir, "up-scope-probe.yaml"),
    YAML.stringify({ name: "up-scope-probe", argv: [NODE, probe, "{{other}}"], params: { other: { type: "string" } }, env: { FROM_RECIPE: "yes" } }),
  );
  const env: NodeJS.ProcessEnv = { ...process.env, SKILLBOARD_API_KEY: adminKey, SKILLBOARD_RECIPES_DIR: recipesDir, UP_SECRET: "stays with up", UP_PASSED: "passed on" };
  for (const k of ["SKILLBOARD_RUN_ID", "SKILLBOARD_MANAGED", "SKILLBOARD_PASS_ENV"]) delete env[k];
  proc = spawn(
    path.join(REPO_ROOT, "bin/skillboard"),
    ["up", "--api-only", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir, "--gpus", "none", "--pass-env", "UP_PASSED"],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  proc.stdout!.on("data", (d) => (output += d));
  proc.stderr!.on("data", (d) => (output += d));
  await waitFor("up to start its worker", () => {
    if (proc.exitCode !== null) throw new Error(`up exited with ${proc.exitCode}: ${output}`);
    return output.includes("Local worker started");
  }, 60_000);
  url = /listening on (http:\/\/\S+)/.exec(output)![1].replace("localhost", "127.0.0.1");
}, 90_000);
afterAll(async () => {
  if (proc && proc.exitCode === null) {
    const exited = new Promise((resolve) => proc.once("exit", resolve));
    proc.kill("SIGTERM");
    await exited;
  }
});

describe("skillboard up", () => {
  it("gives its embedded worker a worker key of its own, which cannot create keys", async () => {
    const workerKey = fs.readFileSync(localWorkerKeyFile(dataDir), "utf8").trim();
    expect(workerKey).not.toBe(adminKey);
    expect((fs.statSync(localWorkerKeyFile(dataDir)).mode & 0o777).toString(8)).toBe("600");
    const listed = (await api("/api-keys")).body.keys.filter((k: { name: string }) => k.name === LOCAL_WORKER_KEY_NAME);
    expect(listed).toEqual([expect.objectContaining({ role: "worker", prefix: workerKey.slice(0, 7), revokedAt: null })]);
    const refused = await api("/api-keys", { key: workerKey, body: { name: "escalate", role: "admin" } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/needs an admin key; the request used a worker key/);
    // It registered and leases with that key: the one worker is active.
    expect((await api("/workers")).body.workers).toEqual([expect.objectContaining({ pool: "local", state: "active" })]);
  });

  it("runs jobs with a token for their own run and the allowed environment, not the admin key or up's secrets", async () => {
    const other = (await api("/runs", { body: { name: "another run" } })).body.id;
    const launched = await api("/launches", { body: { recipe: "up-scope-probe", params: { other } } });
    expect(launched.status).toBe(201);
    const id = launched.body.runs[0].id;
    const run = await waitFor("the probe to end", async () => {
      const r = (await api(`/runs/${id}`)).body;
      return ["succeeded", "failed", "lost", "canceled"].includes(r.status) ? r : null;
    }, 60_000);
    const stdout = ((await api(`/runs/${id}/logs?limit=1000`)).body.chunks as { stream: string; text: string }[])
      .filter((c) => c.stream === "stdout")
      .map((c) => c.text)
      .join("");
    expect(run.status, `${run.error}\n${stdout}\n${output}`).toBe("succeeded");
    const report = parseProbe(stdout);
    expect(report.keyKind).toBe("sbj_");
    expect(report.statuses).toEqual(EXPECTED_JOB_TOKEN_STATUSES);
    expect(report.env).toMatchObject({ PATH: process.env.PATH, FROM_RECIPE: "yes", UP_PASSED: "passed on", SKILLBOARD_RUN_ID: id });
    expect(report.env.UP_SECRET).toBeUndefined();
    expect(Object.values(report.env)).not.toContain(adminKey);
  }, 90_000);
});
