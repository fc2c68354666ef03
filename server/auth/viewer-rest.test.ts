import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../testing/test-server";

/** A viewer key against a real server: it reads every run route, writes nothing, and never sees the key list. */
let s: TestServer;
let viewer: string;
let sdk: string;
let runId: string;
beforeAll(async () => {
  s = await startTestServer();
  const newKey = async (role: string) => {
    const r = await s.api("/api/v1/api-keys", { body: { name: `${role} key`, role } });
    expect(r.status).toBe(201);
    expect(r.body.role).toBe(role);
    return r.body.key as string;
  };
  viewer = await newKey("viewer");
  sdk = await newKey("sdk");
  const run = await s.api("/api/v1/runs", { body: { name: "read me" }, key: sdk });
  expect(run.status).toBe(201);
  runId = run.body.id;
});
afterAll(async () => {
  await s.close();
});

const READ_ONLY = "A viewer key is read-only: it can only read (GET).";

describe("viewer key over REST", () => {
  it("reads runs, their metrics and logs", async () => {
    const list = await s.api("/api/v1/runs", { key: viewer });
    expect(list.status).toBe(200);
    expect(list.body.runs.map((r: { id: string }) => r.id)).toContain(runId);
    for (const path of [`/api/v1/runs/${runId}`, `/api/v1/runs/${runId}/metric-keys`, `/api/v1/runs/${runId}/logs`, "/api/v1/workers", "/api/v1/recipes"]) {
      expect((await s.api(path, { key: viewer })).status, path).toBe(200);
    }
    const head = await fetch(`${s.url}/api/v1/runs`, { method: "HEAD", headers: { authorization: `Bearer ${viewer}` } });
    expect(head.status).not.toBe(403);
  });

  it("is refused any write with 403, whatever roles the route allows", async () => {
    const writes: [string, string, unknown][] = [
      ["POST", "/api/v1/runs", { name: "nope" }],
      ["POST", `/api/v1/runs/${runId}/metrics`, { points: [{ step: 1, key: "loss", value: 1 }] }],
      ["PATCH", `/api/v1/runs/${runId}`, { name: "renamed" }],
      ["DELETE", `/api/v1/runs/${runId}`, undefined],
      ["POST", "/api/v1/launches", { recipe: "x" }],
      ["POST", "/api/v1/api-keys", { name: "escalate", role: "admin" }],
    ];
    for (const [method, path, body] of writes) {
      const r = await s.api(path, { method, body, key: viewer });
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.body.error.message).toBe(READ_ONLY);
    }
    const run = await s.api(`/api/v1/runs/${runId}`, { key: viewer });
    expect(run.body).toMatchObject({ name: "read me", deletedAt: null });
  });

  it("cannot list API keys (admin only), while an SDK key still writes", async () => {
    const keys = await s.api("/api/v1/api-keys", { key: viewer });
    expect(keys.status).toBe(403);
    expect(keys.body.error.message).toBe("This needs an admin key; the request used a viewer key.");
    expect((await s.api("/api/v1/runs", { body: { name: "sdk still writes" }, key: sdk })).status).toBe(201);
  });

  it("signs a browser in read-only: its session cookie reads, and the session-backed upload is refused", async () => {
    const signIn = await fetch(`${s.url}/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ apiKey: viewer }) });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0];
    const upload = await fetch(`${s.url}/api/v1/runs/${runId}/import?fileName=a.jsonl`, { method: "POST", headers: { cookie }, body: "{}\n" });
    expect(upload.status).toBe(403);
    expect(((await upload.json()) as { error: { message: string } }).error.message).toBe(READ_ONLY);

    const refused = await fetch(`${s.url}/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ apiKey: sdk }) });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/admin or viewer key/);
  });
});
