import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../testing/test-server";
import { FIXTURES, readFixture } from "./test-fixtures";

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s.close();
});

async function newRun() {
  const r = await s.api("/api/v1/runs", { body: { name: "imports" } });
  expect(r.status).toBe(201);
  return r.body.id as string;
}

/** POSTs a raw file body, as the CLI and the upload box do. */
async function upload(runId: string, body: string, query = "", contentType = "application/octet-stream") {
  const res = await fetch(`${s.url}/api/v1/runs/${runId}/import${query}`, {
    method: "POST",
    headers: { authorization: `Bearer ${s.apiKey}`, "content-type": contentType },
    body,
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe("POST /api/v1/runs/{id}/import", () => {
  it("imports a SWE-agent .traj that reads back turn for turn", async () => {
    const run = await newRun();
    const r = await upload(run, readFixture(FIXTURES.sweAgentNew), "?fileName=6e44b9__sweagenttestrepo-1c2844.traj", "text/plain");
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ format: "swe-agent", formatName: "SWE-agent .traj", imported: 1, alreadyImported: 0 });
    expect(r.body.trajectoryIds).toHaveLength(1);
    expect(r.body.warnings[0]).toMatch(/no test result/);
    const got = await s.api(`/api/v1/trajectories/${r.body.trajectoryIds[0]}`);
    expect(got.status).toBe(200);
    expect(got.body.index).toMatchObject({ runId: run, skill: "imported", taskId: "SWE-agent__test-repo-i1", step: 0, passed: null, reward: 0, numSteps: 5 });
    expect(got.body.index.durationMs).toBeGreaterThan(1000);
    const t = got.body.trajectory;
    expect(t.turns).toHaveLength(12);
    expect(t.turns[2].toolCalls[0]).toMatchObject({ name: "find_file", arguments: { file_name: "missing_colon.py" } });
    expect(t.verifier.exitStatus).toBe("submitted");
    expect(t.metadata.usage.promptTokens).toBe(7141);
  });

  it("is idempotent: the same file again stores nothing", async () => {
    const run = await newRun();
    const text = readFixture(FIXTURES.openHands);
    const first = await upload(run, text, "?skill=swe&step=5");
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ format: "openhands", imported: 3, alreadyImported: 0 });
    const again = await upload(run, text, "?skill=swe&step=5");
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ imported: 0, alreadyImported: 3, trajectoryIds: [] });
    const list = await s.api(`/api/v1/runs/${run}/trajectories?skill=swe`);
    expect(list.body.trajectories.map((t: any) => [t.taskId, t.step])).toEqual([
      ["ponylang__ponyc-4595", 5],
      ["ponylang__ponyc-4593", 5],
      ["ponylang__ponyc-4588", 5],
    ]);
    expect(list.body.trajectories[0].tokens).toBe(2558);
  });

  it("imports a large chat JSONL (≈20 MB, 2500 episodes) in batches of at most 1000, idempotently", async () => {
    const run = await newRun();
    const filler = "x".repeat(8000);
    const lines = Array.from({ length: 2500 }, (_, i) =>
      JSON.stringify({ task_id: `task-${i}`, reward: i % 2, messages: [{ role: "user", content: `${i} ${filler}` }, { role: "assistant", content: "ok" }] }),
    );
    const text = lines.join("\n");
    expect(text.length).toBeGreaterThan(20_000_000);
    const r = await upload(run, text, "?fileName=big.jsonl");
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ format: "chat-jsonl", imported: 2500 });
    expect(new Set(r.body.trajectoryIds).size).toBe(2500);
    const again = await upload(run, text, "?fileName=big.jsonl");
    expect(again.body).toMatchObject({ imported: 0, alreadyImported: 2500 });
    const passed = await s.api(`/api/v1/runs/${run}/trajectories?passed=true&limit=1000`);
    expect(passed.body.trajectories).toHaveLength(1000);
    expect(passed.body.nextCursor).not.toBeNull();
  });

  it("answers 400 naming the formats for a file of none of them, 404 for an unknown run, 400 for a bad step", async () => {
    const run = await newRun();
    const bad = await upload(run, '{"a": 1, "b": 2, "c": 3}');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/JSON object with keys a, b, c, which is none of: SWE-agent \.traj, mini-swe-agent \.traj\.json, OpenHands output\.jsonl, chat-message JSONL/);
    expect((await upload("no-such-run", readFixture(FIXTURES.miniMessagesOnly))).status).toBe(404);
    const step = await upload(run, readFixture(FIXTURES.miniMessagesOnly), "?step=-1");
    expect(step.status).toBe(400);
    expect(step.body.error.message).toMatch(/^step:/);
    const noKey = await fetch(`${s.url}/api/v1/runs/${run}/import`, { method: "POST", body: "[]" });
    expect(noKey.status).toBe(401);
  });
});
