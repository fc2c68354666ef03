import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as trpcPost } from "@/app/api/trpc/[trpc]/route";
import { startTestServer, type TestServer } from "../testing/test-server";
import { recordAudit } from "./record";

/**
 * Every admin action, through each door (REST v1, tRPC with a browser session,
 * the MLflow API), lands in the audit log with the key that did it; the log
 * reads back over REST for admins only.
 */
let s: TestServer;
let admin: { id: number; key: string };
let viewer: string;

beforeAll(async () => {
  const recipes = fs.mkdtempSync(path.join(os.tmpdir(), "audit-recipes-"));
  fs.writeFileSync(
    path.join(recipes, "demo.yaml"),
    `name: demo
argv: [node, demo.js, "{{skills}}"]
params:
  skills: {type: skills, default: {editing: 1, review: 1}}
  seed: {type: int, default: 0}
`,
  );
  process.env.SKILLBOARD_RECIPES_DIR = recipes;
  s = await startTestServer();
  const created = (await s.api("/api/v1/api-keys", { body: { name: "ops-admin", role: "admin" } })).body;
  admin = { id: created.id, key: created.key };
  viewer = (await s.api("/api/v1/api-keys", { body: { name: "reader", role: "viewer" } })).body.key;
});
afterAll(async () => {
  delete process.env.SKILLBOARD_RECIPES_DIR;
  await s.close();
});

const audit = async (query = "", key: string = admin.key) => s.api(`/api/v1/audit${query}`, { key });
const latest = async (action: string) => (await audit(`?action=${action}&limit=1`)).body.entries[0];

/** A tRPC mutation as the dashboard sends it: POST with the session cookie, from this server's own origin. */
async function trpcMutation(procedure: string, input: unknown, cookie: string) {
  const url = new URL(`/api/trpc/${procedure}`, s.url);
  const res = await trpcPost(
    new Request(url, { method: "POST", headers: { "content-type": "application/json", cookie, origin: url.origin, host: url.host }, body: JSON.stringify(superjson.serialize(input)) }),
  );
  return { status: res.status, body: (await res.json()) as any };
}

describe("audit log", () => {
  it("records key creation and revocation over REST with the admin key's name and id", async () => {
    const bootstrapId = (await s.api("/api/v1/api-keys")).body.keys.find((k: any) => k.name.startsWith("bootstrap")).id;
    const created = await latest("api_key.create");
    expect(created).toMatchObject({ actor: { keyId: bootstrapId, name: "bootstrap (SKILLBOARD_API_KEY)" }, target: expect.stringMatching(/^api_key:\d+$/) });
    expect(created.detail).toEqual({ name: "reader", role: "viewer", prefix: viewer.slice(0, 7) });
    expect(JSON.stringify(created)).not.toContain(viewer); // never the key itself

    const victim = (await s.api("/api/v1/api-keys", { body: { name: "leaked", role: "sdk" }, key: admin.key })).body;
    expect((await s.api(`/api/v1/api-keys/${victim.id}`, { method: "DELETE", key: admin.key })).status).toBe(200);
    expect(await latest("api_key.revoke")).toMatchObject({
      actor: { keyId: admin.id, name: "ops-admin" },
      action: "api_key.revoke",
      target: `api_key:${victim.id}`,
      detail: { name: "leaked", role: "sdk", prefix: victim.key.slice(0, 7) },
    });
  });

  it("records launch, cancel, edit, delete, restore and purge of runs over REST", async () => {
    const launched = await s.api("/api/v1/launches", { body: { recipe: "demo", ablationSet: true, group: "abl-1" }, key: admin.key });
    expect(launched.status).toBe(201);
    const ids = launched.body.runs.map((r: any) => r.id);
    expect(await latest("run.launch")).toMatchObject({ actor: { keyId: admin.id, name: "ops-admin" }, target: "group:abl-1", detail: { recipe: "demo", runs: ids } });

    const id = ids[0];
    expect((await s.api(`/api/v1/runs/${id}/cancel`, { body: {}, key: admin.key })).status).toBe(200);
    expect(await latest("run.cancel")).toMatchObject({ actor: { keyId: admin.id }, target: id, detail: { status: "canceled" } });

    expect((await s.api(`/api/v1/runs/${id}`, { method: "PATCH", body: { name: "renamed", tags: ["x"] }, key: admin.key })).status).toBe(200);
    expect(await latest("run.update")).toMatchObject({ actor: { keyId: admin.id }, target: id, detail: { name: "renamed", fields: ["name", "tags"] } });

    expect((await s.api(`/api/v1/runs/${id}`, { method: "DELETE", key: admin.key })).status).toBe(200);
    expect(await latest("run.delete")).toMatchObject({ actor: { keyId: admin.id }, target: id, detail: { name: "renamed" } });
    expect((await s.api(`/api/v1/runs/${id}/restore`, { body: {}, key: admin.key })).status).toBe(200);
    expect(await latest("run.restore")).toMatchObject({ actor: { keyId: admin.id }, target: id });
    await s.api(`/api/v1/runs/${id}`, { method: "DELETE", key: admin.key });
    expect((await s.api(`/api/v1/runs/${id}/purge`, { body: {}, key: admin.key })).status).toBe(200);
    expect(await latest("run.purge")).toMatchObject({ actor: { keyId: admin.id }, target: id, detail: { name: "renamed", trajectories: 0 } });
  });

  it("leaves no entry for a refused action, nor for a trainer tagging its own run", async () => {
    const before = (await audit("?limit=200")).body.entries.length;
    expect((await s.api("/api/v1/runs/no-such-run/cancel", { body: {}, key: admin.key })).status).toBe(404);
    expect((await s.api("/api/v1/runs/no-such-run", { method: "DELETE", key: viewer })).status).toBe(403);
    const sdk = (await s.api("/api/v1/api-keys", { body: { name: "trainer", role: "sdk" }, key: admin.key })).body.key;
    const run = (await s.api("/api/v1/runs", { body: { name: "own" }, key: sdk })).body;
    expect((await s.api(`/api/v1/runs/${run.id}`, { method: "PATCH", body: { tags: ["mine"] }, key: sdk })).status).toBe(200);
    expect((await audit("?limit=200")).body.entries.length).toBe(before + 1); // the trainer key's creation only
  });

  it("records deletes and restores through the MLflow API", async () => {
    const run = (await s.api("/api/v1/runs", { body: { name: "via-mlflow" } })).body;
    const res = await fetch(`${s.url}/api/2.0/mlflow/runs/delete`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin.key}`, "content-type": "application/json" },
      body: JSON.stringify({ run_id: run.id }),
    });
    expect(res.status).toBe(200);
    expect(await latest("run.delete")).toMatchObject({ actor: { keyId: admin.id, name: "ops-admin" }, target: run.id, detail: { via: "mlflow" } });
  });

  it("records tRPC mutations as the key the browser session signed in with", async () => {
    const signIn = await fetch(`${s.url}/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ apiKey: admin.key }) });
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0];
    const run = (await s.api("/api/v1/runs", { body: { name: "from-browser" } })).body;

    expect((await trpcMutation("runs.remove", { id: run.id }, cookie)).status).toBe(200);
    expect(await latest("run.delete")).toMatchObject({ actor: { keyId: admin.id, name: "ops-admin" }, target: run.id });

    const key = await trpcMutation("auth.createKey", { name: "made-in-browser", role: "viewer" }, cookie);
    expect(key.status).toBe(200);
    expect(await latest("api_key.create")).toMatchObject({ actor: { keyId: admin.id }, detail: { name: "made-in-browser", role: "viewer" } });

    expect((await trpcMutation("projects.setAlias", { project: "default", alias: "swe", target: "editing" }, cookie)).status).toBe(200);
    expect(await latest("metric_mapping.set_alias")).toMatchObject({ actor: { keyId: admin.id }, target: "project:default", detail: { alias: "swe", target: "editing" } });

    const launch = await trpcMutation("launches.launch", { recipe: "demo" }, cookie);
    expect(launch.status).toBe(200);
    const runId = launch.body.result.data.json.runs[0].id;
    expect(await latest("run.launch")).toMatchObject({ actor: { keyId: admin.id }, target: runId, detail: { recipe: "demo", runs: [runId] } });
  });

  it("pages newest first by keyset and filters by action", async () => {
    const first = (await audit("?limit=2")).body;
    expect(first.entries).toHaveLength(2);
    expect(first.entries[0].at).toBeGreaterThanOrEqual(first.entries[1].at);
    // An entry written between two pages lands before the first page, not in the next one.
    recordAudit(s.app.db, { system: "test" }, "run.cancel", "late");
    const all: number[] = first.entries.map((e: any) => e.id);
    let cursor = first.nextCursor;
    while (cursor) {
      const page = (await audit(`?limit=2&cursor=${cursor}`)).body;
      all.push(...page.entries.map((e: any) => e.id));
      cursor = page.nextCursor;
    }
    const everything = (await audit("?limit=200")).body.entries.map((e: any) => e.id);
    expect(all).toEqual(everything.slice(1));
    expect(new Set(all).size).toBe(all.length);

    const deletes = (await audit("?action=run.delete")).body.entries;
    expect(deletes.length).toBeGreaterThanOrEqual(3);
    expect(deletes.every((e: any) => e.action === "run.delete")).toBe(true);
  });

  it("answers a bad query with a 400 that names the parameter", async () => {
    const action = await audit("?action=run.explode");
    expect(action.status).toBe(400);
    expect(action.body.error.message).toMatch(/^action: expected one of api_key\.create, /);
    expect((await audit("?cursor=abc")).body.error.message).toBe("cursor: expected the nextCursor of a previous page");
    expect((await audit("?limit=0")).status).toBe(400);
  });

  it("is for admins only: a viewer key gets 403 saying so, no key a 401", async () => {
    const refused = await audit("", viewer);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe("This needs an admin key; the request used a viewer key.");
    expect((await s.api("/api/v1/audit", { key: null })).status).toBe(401);
  });
});
