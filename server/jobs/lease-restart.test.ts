import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../http/start-server";
import { REPO_ROOT } from "../testing/test-server";

const LEASE_MS = 3_000;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-lease-restart-"));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let server: RunningServer | undefined;

const start = async () =>
  (server = await startServer({ config: { port: 0, host: "127.0.0.1", dataDir, leaseMs: LEASE_MS, bootstrapApiKey: "lease-restart-key" }, rootDir: REPO_ROOT, apiOnly: true, log: () => {} }));

async function api(pathname: string, body?: unknown) {
  const res = await fetch(`${server!.url}/api/v1${pathname}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: "Bearer lease-restart-key", "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

afterAll(async () => {
  await server?.close();
});

describe("leases across a server restart", () => {
  it("a lease held when the server stopped starts afresh when it is back, then expires as usual without heartbeats", async () => {
    await start();
    expect((await api("/workers", { id: "w-restart", host: "h", pool: "local" })).status).toBe(201);
    const runId = (await api("/launches", { recipe: "reference-joint-grpo", params: {} })).body.runs[0].id;
    const { job } = (await api("/workers/w-restart/lease", { freeGpus: 0 })).body;
    expect(job.runId).toBe(runId);
    expect((await api(`/runs/${runId}/start`, { leaseToken: job.leaseToken, pid: 1 })).status).toBe(200);

    await server!.close();
    await sleep(2 * LEASE_MS + 500); // down for longer than the lease: the worker could not heartbeat
    await start();
    const backAt = Date.now();
    // Another worker asking for work sweeps expired leases (as the server's sweeper does every LEASE_MS / 3).
    expect((await api("/workers", { id: "w-other", host: "h2", pool: "local" })).status).toBe(201);
    expect((await api("/workers/w-other/lease", { freeGpus: 0 })).body.job).toBeNull();
    expect((await api(`/runs/${runId}`)).body.status).toBe("running");
    expect((await api("/workers/w-restart/heartbeat", { leases: [{ runId, leaseToken: job.leaseToken }] })).body.leases).toEqual([{ runId, action: "continue" }]);

    // No heartbeat after this one: the lease ends as any other (hang guard only).
    const deadline = Date.now() + 30_000;
    while ((await api(`/runs/${runId}`)).body.status !== "lost" && Date.now() < deadline) await sleep(100);
    const events = (await api(`/runs/${runId}/events`)).body.events as { kind: string; at: number; message: string }[];
    expect(events.map((e) => e.kind)).toEqual(["queued", "leased", "started", "lost"]);
    expect(events.at(-1)!.at).toBeGreaterThanOrEqual(backAt + LEASE_MS);
  });
});
