import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPython } from "../testing/python-venv";
import { startTestServer, type TestServer } from "../testing/test-server";
import { importTrajectories } from "./index";
import { VERL_WRITER } from "./test-support/python-writers";
import { allTrajectories, newRun, uploadBytes } from "./test-support/upload";

let s: TestServer;
let dir: string;

beforeAll(async () => {
  s = await startTestServer();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-verl-"));
  // verl's own writer, called as RayPPOTrainer._log_rollout_data and _validate call it.
  await runPython(
    `${VERL_WRITER}
rollout, validation = os.environ["ROLLOUT_DIR"], os.environ["VALIDATION_DIR"]
write_generations(
    inputs=["user\\nFind the files to change for issue 7", "user\\nFind the files to change for issue 7", "user\\nEdit parse() at a.py:10", "user\\nFix the bug in SWE-bench task"],
    outputs=["a.py\\nb.py", "c.py", "--- a/a.py\\n+++ b/a.py", "I could not"],
    gts=[["a.py", "b.py"], ["a.py", "b.py"], None, "patch"],
    scores=[1.0, 0.0, 0.5, -1.0],
    reward_extra_infos_dict={
        "acc": [True, False, True, False],
        "pred": ["a.py,b.py", "c.py", "ok", ""],
        "data_source": ["localization", "localization", "atomic/Editing", "SWE-bench_Verified"],
        "x": [float("nan"), 1, 2, 3],
        "request_id": ["r0", "r1", "r2", "r3"],
    },
    dump_path=rollout,
    global_steps=3,
)
write_generations(
    inputs=["user\\nReview PR 12"], outputs=["correct"], gts=[None], scores=[1.0],
    reward_extra_infos_dict={"reward": [1.0]}, dump_path=validation, global_steps=4,
)
`,
    { ROLLOUT_DIR: path.join(dir, "rollout"), VALIDATION_DIR: path.join(dir, "val") },
  );
});

afterAll(async () => {
  await s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("verl rollout/validation JSONL", () => {
  it("imports each line of verl's dump as a trajectory, with skills from data_source and groups per prompt", async () => {
    const run = await newRun(s);
    const text = fs.readFileSync(path.join(dir, "rollout/3.jsonl"), "utf8");
    expect(text.split("\n")[0]).toContain('"x": NaN'); // what Python's json.dumps writes for a NaN column
    const r = await uploadBytes(s, run, text, { fileName: "rollout/3.jsonl" });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ format: "verl-jsonl", formatName: "verl rollout/validation JSONL", imported: 4, skipped: [] });
    expect(r.body.warnings.join("\n")).toMatch(/NaN\/Infinity .* read as null/);

    const rows = await allTrajectories(s, run);
    expect(rows.map((t) => [t.skill, t.step, t.reward, t.passed, t.sampleIndex])).toEqual([
      ["localization", 3, 1, true, 0],
      ["localization", 3, 0, false, 1],
      ["editing", 3, 0.5, true, 0],
      ["imported", 3, -1, false, 0],
    ]);
    expect(rows[0].taskId).toMatch(/^prompt-[0-9a-f]{16}$/);
    expect(rows[1].taskId).toBe(rows[0].taskId);
    expect(rows[1].groupKey).toBe(rows[0].groupKey);
    expect(rows[2].taskId).not.toBe(rows[0].taskId);

    const first = (await s.api(`/api/v1/trajectories/${rows[0].id}`)).body.trajectory;
    expect(first.turns).toEqual([
      { role: "user", content: "user\nFind the files to change for issue 7" },
      { role: "assistant", content: "a.py\nb.py" },
    ]);
    expect(first.verifier).toEqual({ score: 1, gts: ["a.py", "b.py"], acc: true, pred: "a.py,b.py", x: null });
    expect(first.metadata).toMatchObject({
      data_source: "localization",
      request_id: "r0",
      skillSource: "data_source",
      outcomeSource: "score, acc",
      taskIdSource: "hash of input",
      source: { format: "verl-jsonl", fileName: "rollout/3.jsonl", record: 1 },
    });

    const again = await uploadBytes(s, run, text, { fileName: "rollout/3.jsonl" });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ imported: 0, alreadyImported: 4 });
  });

  it("reports a malformed line with its file and line, skips it and imports the rest", async () => {
    const run = await newRun(s);
    const lines = fs.readFileSync(path.join(dir, "rollout/3.jsonl"), "utf8").trimEnd().split("\n");
    lines.splice(2, 0, '{"input": "user\\nhalf a line');
    const r = await uploadBytes(s, run, lines.join("\n"), { fileName: "3.jsonl", skill: "review" });
    expect(r.status).toBe(201);
    expect(r.body.imported).toBe(4);
    expect(r.body.skipped).toEqual([{ line: 3, reason: expect.stringMatching(/^not JSON/) }]);
    expect(r.body.warnings).toContainEqual(expect.stringMatching(/^3\.jsonl line 3: skipped: not JSON/));
    const rows = await allTrajectories(s, run);
    expect(rows.map((t) => t.skill)).toEqual(["review", "review", "review", "review"]);
    // Records keep their line in the file: the one after the bad line is line 4.
    const third = (await s.api(`/api/v1/trajectories/${rows[2].id}`)).body.trajectory;
    expect(third.metadata).toMatchObject({ source: { record: 4 }, skillInFile: "editing" });
  });

  it("reads a validation dump (with its reward column) and, given line and offset, numbers records from them", async () => {
    const run = await newRun(s);
    const text = fs.readFileSync(path.join(dir, "val/4.jsonl"), "utf8");
    const r = await uploadBytes(s, run, text, { fileName: "val/4.jsonl", offset: 5000, line: 41 });
    expect(r.body).toMatchObject({ format: "verl-jsonl", imported: 1 });
    const t = (await s.api(`/api/v1/trajectories/${r.body.trajectoryIds[0]}`)).body;
    expect(t.index).toMatchObject({ step: 4, reward: 1, passed: true, skill: "imported" });
    expect(t.trajectory.verifier).toEqual({ score: 1, gts: null, reward: 1 });
    expect(t.trajectory.metadata.source).toMatchObject({ record: 41 });
  });

  it("reads the JSON list verl's validation logger uploads (val_step{N}.json)", () => {
    const file = importTrajectories(JSON.stringify([{ input: "q", output: "a", score: 0 }, { input: "q2", output: "b", score: 1 }]), { step: 9 });
    expect(file.format).toBe("verl-jsonl");
    expect(file.trajectories.map((t) => [t.step, t.reward, t.passed])).toEqual([
      [9, 0, false],
      [9, 1, true],
    ]);
  });
});
