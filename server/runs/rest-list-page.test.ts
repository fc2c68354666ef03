import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../testing/test-server";

/** GET /api/v1/runs pages with `limit` + `nextCursor` and says how many runs there are, against a real server and SQLite file. */
let s: TestServer;
const ids: string[] = [];
beforeAll(async () => {
  s = await startTestServer();
  for (let i = 0; i < 7; i++) {
    const r = await s.api("/api/v1/runs", { body: { project: "rest-paging", name: `run-${i}`, group: i < 2 ? "first-two" : "rest", tags: i % 2 ? ["odd"] : [] } });
    expect(r.status).toBe(201);
    ids.push(r.body.id);
  }
});
afterAll(async () => {
  await s.close();
});

async function pages(query: string): Promise<{ ids: string[]; bodies: Record<string, unknown>[] }> {
  const out: string[] = [];
  const bodies: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const res = await s.api(`/api/v1/runs?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(res.status).toBe(200);
    out.push(...res.body.runs.map((r: { id: string }) => r.id));
    bodies.push(res.body);
    cursor = res.body.nextCursor;
  } while (cursor);
  return { ids: out, bodies };
}

describe("GET /api/v1/runs", () => {
  it("pages newest first with nextCursor until null, every run once, with the total and the matches", async () => {
    const { ids: got, bodies } = await pages("project=rest-paging&limit=3");
    expect(got).toEqual([...ids].reverse());
    expect(bodies).toHaveLength(3);
    expect(bodies[0]).toMatchObject({ total: 7, matched: 7 });
    expect(bodies[2].nextCursor).toBeNull();
    expect(Object.keys(bodies[0])).toEqual(["runs", "nextCursor", "total", "matched"]);
  });

  it("pages a filtered list in the order asked for", async () => {
    const { ids: got, bodies } = await pages("project=rest-paging&tag=odd&sort=name&dir=asc&limit=2");
    expect(got).toEqual([ids[1], ids[3], ids[5]]);
    expect(bodies[0]).toMatchObject({ total: 7, matched: 3 });
    expect((await pages("project=rest-paging&group=first-two")).ids).toEqual([ids[1], ids[0]]);
  });

  it("keeps include=latestPass1 on every page", async () => {
    const res = await s.api("/api/v1/runs?project=rest-paging&limit=2&include=latestPass1");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 7, latestPass1: {} });
    expect(res.body.skills).toContain("editing");
    expect(res.body.nextCursor).toEqual(expect.any(String));
  });

  it("refuses a bad cursor, sort or limit with 400 and a message naming it", async () => {
    const first = await s.api("/api/v1/runs?project=rest-paging&limit=2&sort=name");
    const other = await s.api(`/api/v1/runs?project=rest-paging&sort=created&cursor=${first.body.nextCursor}`);
    expect(other.status).toBe(400);
    expect(other.body.error.message).toMatch(/^cursor: /);
    expect((await s.api("/api/v1/runs?cursor=garbage")).status).toBe(400);
    const sort = await s.api("/api/v1/runs?sort=size");
    expect(sort.status).toBe(400);
    expect(sort.body.error.message).toMatch(/^sort: /);
    const limit = await s.api("/api/v1/runs?limit=100001");
    expect(limit.status).toBe(400);
    expect(limit.body.error.message).toMatch(/^limit: /);
  });
});
