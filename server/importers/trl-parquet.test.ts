import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPython } from "../testing/python-venv";
import { startTestServer, type TestServer } from "../testing/test-server";
import { TRL_WRITER } from "./test-support/python-writers";
import { allTrajectories, newRun, uploadBytes } from "./test-support/upload";

let s: TestServer;
let dir: string;
let completions: string;
let twoRowGroups: string;

beforeAll(async () => {
  s = await startTestServer();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-trl-"));
  const out = await runPython(
    `${TRL_WRITER}
import os
out = os.environ["OUT"]
args = dict(
    prompts=["Find the files for issue 7", "Find the files for issue 7", "Review PR 12", "Review PR 12"],
    completions=["a.py", "c.py", "correct", "incorrect"],
    rewards={"accuracy_reward": [1.0, 0.0, float("nan"), 1.0], "format_reward": [0.5, 0.5, 0.0, 0.0]},
    extra={"data_source": ["localization", "localization", "review", "elsewhere"], "pred_files": [["a.py"], ["c.py"], [], []]},
    advantages=[0.7071, -0.7071, 0.0, 0.0],
)
print(write_trl_completions(out, 12, **args))
# Several row groups, to show that one unreadable row group does not lose the others.
print(write_trl_completions(os.path.join(out, "small-groups"), 13, row_group_size=2, **args))
`,
    { OUT: dir },
  );
  [completions, twoRowGroups] = out.trim().split("\n");
});

afterAll(async () => {
  await s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("TRL completions parquet", () => {
  it("imports each row of GRPOTrainer's completions table as a trajectory", async () => {
    expect(path.basename(completions)).toBe("completions_00012.parquet");
    const run = await newRun(s);
    const r = await uploadBytes(s, run, fs.readFileSync(completions), { fileName: "completions/completions_00012.parquet" });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ format: "trl-parquet", formatName: "TRL completions parquet", imported: 4, skipped: [] });
    expect(r.body.warnings).toContain("Reward columns (summed into the reward, weight 1 each): accuracy_reward, format_reward.");
    const rows = await allTrajectories(s, run);
    expect(rows.map((t) => [t.skill, t.step, t.reward, t.passed, t.advantage, t.sampleIndex])).toEqual([
      ["localization", 12, 1.5, true, 0.7071, 0],
      ["localization", 12, 0.5, true, -0.7071, 1],
      ["review", 12, 0, false, 0, 0],
      ["imported", 12, 1, true, 0, 1],
    ]);
    expect(rows[0].groupKey).toBe(rows[1].groupKey);
    expect(rows[2].groupKey).not.toBe(rows[0].groupKey);
    const third = (await s.api(`/api/v1/trajectories/${rows[2].id}`)).body.trajectory;
    expect(third.turns).toEqual([
      { role: "user", content: "Review PR 12" },
      { role: "assistant", content: "correct" },
    ]);
    // NaN (a reward function that did not apply) is kept as null and left out of the sum, as TRL's nansum does.
    expect(third.verifier).toEqual({ rewards: { accuracy_reward: null, format_reward: 0 } });
    expect(third.metadata).toMatchObject({ data_source: "review", pred_files: [], source: { format: "trl-parquet", row: 2 } });

    const again = await uploadBytes(s, run, fs.readFileSync(completions), { fileName: "completions/completions_00012.parquet" });
    expect(again.body).toMatchObject({ imported: 0, alreadyImported: 4 });
  });

  it("reports an unreadable row group with its rows and byte offset and imports the other row groups", async () => {
    const bytes = Buffer.from(fs.readFileSync(twoRowGroups));
    const meta = await runPython(
      `import pyarrow.parquet as pq, os
md = pq.ParquetFile(os.environ["FILE"]).metadata
c = md.row_group(1).column(0)
print(c.dictionary_page_offset if c.has_dictionary_page else c.data_page_offset)`,
      { FILE: twoRowGroups },
    );
    const secondGroupAt = Number(meta.trim());
    bytes.fill(0xff, secondGroupAt, secondGroupAt + 24);
    const run = await newRun(s);
    const r = await uploadBytes(s, run, bytes, { fileName: "completions_00013.parquet" });
    expect(r.status).toBe(201);
    expect(r.body.imported).toBe(2);
    expect(r.body.skipped).toEqual([{ row: 2, offset: secondGroupAt, reason: expect.stringMatching(/^rows 2–3 \(one row group\) cannot be read/) }]);
    expect(r.body.warnings[0]).toMatch(new RegExp(`^completions_00013\\.parquet row 2 \\(byte ${secondGroupAt}\\): skipped`));
    expect((await allTrajectories(s, run)).map((t) => t.reward)).toEqual([1.5, 0.5]);
  });

  it("refuses a truncated parquet file, saying it is not whole, and stores nothing", async () => {
    const bytes = fs.readFileSync(completions);
    const run = await newRun(s);
    const r = await uploadBytes(s, run, bytes.subarray(0, Math.floor(bytes.length / 2)), { fileName: "completions_00012.parquet" });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/starts like a Parquet file but is not whole/);
    expect(await allTrajectories(s, run)).toEqual([]);
  });

  it("refuses a parquet table that is not a completions table, naming its columns", async () => {
    const file = path.join(dir, "other.parquet");
    await runPython(`import pandas as pd, os\npd.DataFrame({"a": [1], "b": ["x"]}).to_parquet(os.environ["FILE"])`, { FILE: file });
    const r = await uploadBytes(s, await newRun(s), fs.readFileSync(file));
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/^The file is a Parquet table with columns a, b \(no prompt and completion columns\), which is none of/);
  });
});
