import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../testing/test-server";

/** GET /api/v1/runs?include=latestPass1: the runs table's Pass@1 columns over REST, against a real server and SQLite file. */
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s.close();
});

async function runWithPoints(project: string, points: { key: string; step: number; value: number }[]) {
  const r = await s.api("/api/v1/runs", { body: { project } });
  expect(r.status).toBe(201);
  const m = await s.api(`/api/v1/runs/${r.body.id}/metrics`, { body: { batchId: `b-${r.body.id}`, points } });
  expect(m.status).toBe(201);
  return r.body.id as string;
}

describe("GET /api/v1/runs?include=latestPass1", () => {
  it("adds each run's latest Pass@1 per skill, keyed as the runs table reads it", async () => {
    const a = await runWithPoints("latest-rest", [
      { key: "skill/editing/pass@1", step: 0, value: 0.1 },
      { key: "skill/editing/pass@1", step: 7, value: 0.7 },
      { key: "skill/review/pass@1", step: 3, value: 0.3 },
      { key: "train/kl", step: 9, value: 0.01 },
    ]);
    const b = await runWithPoints("latest-rest", [{ key: "skill/localization/pass@1", step: 1, value: 0.5 }]);
    const res = await s.api("/api/v1/runs?project=latest-rest&include=latestPass1");
    expect(res.status).toBe(200);
    expect(res.body.runs.map((r: { id: string }) => r.id).sort()).toEqual([a, b].sort());
    expect(res.body.skills).toEqual(expect.arrayContaining(["localization", "editing", "unit_test", "review", "reproduction"]));
    expect(res.body.latestPass1).toEqual({
      [a]: { "skill/editing/pass@1": 0.7, "skill/review/pass@1": 0.3 },
      [b]: { "skill/localization/pass@1": 0.5 },
    });
  });

  it("leaves the plain list unchanged and refuses an unknown include with 400", async () => {
    const plain = await s.api("/api/v1/runs?project=latest-rest");
    expect(plain.status).toBe(200);
    expect(Object.keys(plain.body)).toEqual(["runs", "nextCursor", "total", "matched"]);
    const bad = await s.api("/api/v1/runs?include=everything");
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^include: /);
  });
});
