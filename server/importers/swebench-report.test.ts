import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { summarizeTrajectories } from "../trajectories/list-query";
import { startTestServer, type TestServer } from "../testing/test-server";
import { readSweBenchReport } from "./swebench-report";
import { FIXTURES, readFixture } from "./test-fixtures";

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s.close();
});

async function upload(runId: string, body: string, fileName: string) {
  const res = await fetch(`${s.url}/api/v1/runs/${runId}/import?fileName=${fileName}`, {
    method: "POST",
    headers: { authorization: `Bearer ${s.apiKey}`, "content-type": "application/octet-stream" },
    body,
  });
  return { status: res.status, body: (await res.json()) as any };
}

const index = async (runId: string, query = "") => (await s.api(`/api/v1/runs/${runId}/trajectories?sort=id${query}`)).body.trajectories as any[];

describe("readSweBenchReport", () => {
  it("reads the harness summary and per-instance reports, and nothing else", () => {
    const summary = readSweBenchReport(JSON.stringify({ total_instances: 4, resolved_ids: ["a"], unresolved_ids: ["b"], empty_patch_ids: ["c"], error_ids: ["d"] }))!;
    expect([...summary.resolved]).toEqual([["b", false], ["c", false], ["a", true]]);
    expect(summary.errors).toEqual(["d"]);
    const perInstance = readSweBenchReport(JSON.stringify({ "x__y-1": { patch_exists: true, resolved: true, tests_status: {} }, "x__y-2": { resolved: false } }))!;
    expect([...perInstance.resolved]).toEqual([["x__y-1", true], ["x__y-2", false]]);
    expect(readSweBenchReport(readFixture(FIXTURES.sweAgentNew))).toBeNull();
    expect(readSweBenchReport('{"a": {"resolved": "yes"}}')).toBeNull();
    expect(readSweBenchReport("{}")).toBeNull();
  });
});

describe("importing a SWE-bench evaluation report into a run", () => {
  it("turns unknown outcomes into passed / failed by instance id, once", async () => {
    const run = (await s.api("/api/v1/runs", { body: { name: "swe-agent logs" } })).body.id as string;
    expect((await upload(run, readFixture(FIXTURES.sweAgentNew), "a.traj")).status).toBe(201);
    expect((await upload(run, readFixture(FIXTURES.sweAgentPydicom), "b.traj")).status).toBe(201);
    const before = await index(run);
    expect(before.map((t) => t.passed)).toEqual([null, null]);
    expect(await index(run, "&passed=false")).toHaveLength(0);
    expect(await index(run, "&passed=unknown")).toHaveLength(2);
    const [first, second] = before.map((t) => t.taskId as string);

    const report = { resolved_ids: [second], unresolved_ids: [first], error_ids: ["other__repo-9"] };
    const r = await upload(run, JSON.stringify(report), "report.json");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ format: "swebench-report", imported: 0, verdicts: { updated: 2, matchedTasks: 2, unmatchedTasks: 0, errors: 1 } });
    expect(r.body.warnings.join(" ")).toMatch(/failed to evaluate/);
    const after = await index(run);
    expect(after.map((t) => [t.taskId, t.passed, t.reward])).toEqual([
      [first, false, 0],
      [second, true, 1],
    ]);
    expect(summarizeTrajectories(s.app.db, run)).toMatchObject({ total: 2, passed: 1, known: 2 });

    // The same report again settles nothing more; a report for another run's tasks matches nothing here.
    expect((await upload(run, JSON.stringify(report), "report.json")).body.verdicts).toMatchObject({ updated: 0 });
    expect((await upload(run, JSON.stringify({ "zzz__zzz-1": { resolved: true } }), "r2.json")).body.verdicts).toMatchObject({ updated: 0, unmatchedTasks: 1 });
  });
});
