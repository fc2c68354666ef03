import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../http/start-server";
import { REPO_ROOT, startTestServer, type TestServer } from "../testing/test-server";

/** DELETE /api/v1/api-keys/{id} against a real server and SQLite file; then a restart with the revoked bootstrap key. */
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s.close();
});

async function newKey(name: string, role: "admin" | "sdk" | "worker") {
  const r = await s.api("/api/v1/api-keys", { body: { name, role } });
  expect(r.status).toBe(201);
  return r.body as { id: number; key: string };
}
const revoke = (id: number | string, key?: string) => s.api(`/api/v1/api-keys/${id}`, { method: "DELETE", key });

describe("DELETE /api/v1/api-keys/{id}", () => {
  it("revokes a key at once: the next request with it is a 401 saying when", async () => {
    const sdk = await newKey("trainer", "sdk");
    expect((await s.api("/api/v1/runs", { key: sdk.key })).status).toBe(200);

    const r = await revoke(sdk.id);
    expect(r.status).toBe(200);
    expect(r.body.key).toMatchObject({ id: sdk.id, name: "trainer", role: "sdk", prefix: sdk.key.slice(0, 7) });
    expect(r.body.key.keyHash).toBeUndefined();
    const revokedAt = r.body.key.revokedAt as number;
    expect(revokedAt).toBeGreaterThan(0);

    const refused = await s.api("/api/v1/runs", { key: sdk.key });
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toBe(`This API key was revoked on ${new Date(revokedAt).toISOString()}.`);

    const again = await revoke(sdk.id);
    expect(again.status).toBe(200);
    expect(again.body.key.revokedAt).toBe(revokedAt);
    const listed = (await s.api("/api/v1/api-keys")).body.keys.find((k: { id: number }) => k.id === sdk.id);
    expect(listed.revokedAt).toBe(revokedAt);
  });

  it("answers 400 naming id for an id that is not a positive integer, 404 for an unknown one", async () => {
    for (const bad of ["abc", "0", "-1", "1.5", "1e3"]) {
      const r = await revoke(bad);
      expect(r.status, bad).toBe(400);
      expect(r.body.error.message).toMatch(/^id: expected a positive integer/);
    }
    const missing = await revoke(987_654);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe("API key '987654' does not exist.");
  });

  it("needs an admin key: 401 without a valid one, 403 for an SDK or worker key, 401 for a revoked admin key", async () => {
    const target = await newKey("target", "worker");
    expect((await revoke(target.id, "not-a-key")).status).toBe(401);
    const sdk = await newKey("sdk-caller", "sdk");
    const forbidden = await revoke(target.id, sdk.key);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.message).toMatch(/needs an admin key; the request used an SDK key/);
    expect((await revoke(target.id, target.key)).status).toBe(403);

    const otherAdmin = await newKey("other admin", "admin");
    expect((await revoke(otherAdmin.id)).status).toBe(200);
    const byRevoked = await revoke(target.id, otherAdmin.key);
    expect(byRevoked.status).toBe(401);
    expect(byRevoked.body.error.message).toMatch(/^This API key was revoked on /);
  });

  it("refuses the last active admin key with 409", async () => {
    const keys = (await s.api("/api/v1/api-keys")).body.keys as { id: number; role: string; revokedAt: number | null; name: string }[];
    const bootstrap = keys.find((k) => k.name === "bootstrap (SKILLBOARD_API_KEY)")!;
    expect(keys.filter((k) => k.role === "admin" && k.revokedAt == null).map((k) => k.id)).toEqual([bootstrap.id]);
    const r = await revoke(bootstrap.id);
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain("would lock everyone out; create another admin key first");
    expect((await s.api("/api/v1/api-keys")).status).toBe(200);
  });
});

describe("a revoked bootstrap key across a restart", () => {
  it("stays revoked when the server starts again with it, and the start says so", async () => {
    const first = await startTestServer();
    const spare = (await first.api("/api/v1/api-keys", { body: { name: "spare admin", role: "admin" } })).body as { key: string };
    const bootstrapId = (await first.api("/api/v1/api-keys")).body.keys.find((k: { name: string }) => k.name === "bootstrap (SKILLBOARD_API_KEY)").id;
    const revoked = await first.api(`/api/v1/api-keys/${bootstrapId}`, { method: "DELETE", key: spare.key });
    expect(revoked.status).toBe(200);
    await first.close();

    const lines: string[] = [];
    const config = { port: 0, host: "127.0.0.1", dataDir: first.dataDir, bootstrapApiKey: first.apiKey };
    const restarted = await startServer({ config, rootDir: REPO_ROOT, apiOnly: true, log: (l) => lines.push(l) });
    try {
      const list = (key: string) => fetch(`${restarted.url}/api/v1/api-keys`, { headers: { authorization: `Bearer ${key}` } });
      const refused = await list(first.apiKey);
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(
        `This API key was revoked on ${new Date(revoked.body.key.revokedAt).toISOString()}.`,
      );
      expect(lines.some((l) => l.startsWith("Warning: the bootstrap admin key (SKILLBOARD_API_KEY) was revoked on"))).toBe(true);
      const keys = ((await (await list(spare.key)).json()) as { keys: { id: number; revokedAt: number | null }[] }).keys;
      expect(keys.find((k) => k.id === bootstrapId)?.revokedAt).toBe(revoked.body.key.revokedAt);
    } finally {
      await restarted.close();
    }
  });
});
