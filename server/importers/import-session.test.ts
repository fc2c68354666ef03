import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../testing/test-server";
import { FIXTURES, readFixture } from "./test-fixtures";

/** The run page's upload box posts to the import route with the browser's sign-in session instead of a key. */
let s: TestServer;
let runId: string;
let cookie: string;

beforeAll(async () => {
  s = await startTestServer();
  runId = (await s.api("/api/v1/runs", { body: { name: "session imports" } })).body.id;
  const res = await fetch(`${s.url}/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ apiKey: s.apiKey }) });
  expect(res.status).toBe(200);
  cookie = res.headers.get("set-cookie")!.split(";")[0];
});
afterAll(async () => {
  await s.close();
});

const upload = (headers: Record<string, string>) =>
  fetch(`${s.url}/api/v1/runs/${runId}/import?fileName=x.traj`, { method: "POST", headers, body: readFixture(FIXTURES.sweAgentNew) });

describe("POST /api/v1/runs/{id}/import with a session", () => {
  it("imports for a signed-in browser", async () => {
    const res = await upload({ cookie, origin: s.url });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ format: "swe-agent", imported: 1 });
  });

  it("refuses without a session or key, with a stale session, and from another origin", async () => {
    expect((await upload({})).status).toBe(401);
    expect((await upload({ cookie: "skillboard_session=nope" })).status).toBe(401);
    const cross = await upload({ cookie, origin: "http://evil.example" });
    expect(cross.status).toBe(403);
    expect((await cross.json()).error.message).toMatch(/Cross-origin/);
  });

  it("still takes a Bearer key, and a bad key is not rescued by a session", async () => {
    expect((await upload({ authorization: `Bearer ${s.apiKey}` })).status).toBe(200);
    expect((await upload({ authorization: "Bearer wrong", cookie })).status).toBe(401);
  });
});
