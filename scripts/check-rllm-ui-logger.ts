/**
 * RLLM_SOURCE=/path/to/rllm npx tsx scripts/check-rllm-ui-logger.ts
 *
 * Drives rllm's own UILogger (from an rllm checkout: rllm is not on PyPI, so the suite cannot
 * install it) against a real Skillboard server, and checks what reads back. The suite covers the
 * same routes with rllm's exact requests (server/rllm/ui-logger.test.ts).
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { runPython } from "../server/testing/python-venv";
import { REPO_ROOT, startTestServer } from "../server/testing/test-server";
import { readTrajectoryGroup } from "../server/trajectories/group-view";

const source = process.env.RLLM_SOURCE;
if (!source) {
  console.error("set RLLM_SOURCE to an rllm checkout");
  process.exit(2);
}
const s = await startTestServer();
try {
  const script = fs.readFileSync(path.join(REPO_ROOT, "server/rllm/test-fixtures/real_ui_logger.py"), "utf8");
  const out = JSON.parse((await runPython(script, { RLLM_UI_URL: s.url, RLLM_API_KEY: s.apiKey, PYTHONPATH: source })).trim().split("\n").at(-1)!);
  const training = (await s.api(`/api/v1/runs/${out.training}`)).body;
  assert.deepEqual([training.project, training.name, training.status], ["rllm-real", "grpo-real", "succeeded"]);
  const series = (await s.api(`/api/v1/runs/${out.training}/metrics?keys=actor/entropy`)).body.series;
  assert.deepEqual(series["actor/entropy"].map((p: { step: number; value: number }) => [p.step, p.value]), [[1, 0.5]]);
  assert.equal((await s.api(`/api/v1/runs/${out.training}/trajectories?limit=1000`)).body.trajectories.length, 6);
  const view = readTrajectoryGroup(s.app.db, s.app.blobs, { runId: out.training, step: 1, groupKey: "task1:solver" });
  assert.deepEqual(view.samples.map((x) => [x.index.sampleIndex, x.index.reward]), [[0, 1], [1, 1], [2, 0]]);
  const logs = (await s.api(`/api/v1/runs/${out.training}/logs`)).body.chunks.map((c: { text: string }) => c.text);
  assert.ok(logs.includes("a line for the TeeStream\n"));
  const gsm = (await s.api(`/api/v1/runs/${out.eval}/evals`)).body.benchmarks.gsm8k;
  assert.equal(gsm.length, 1);
  assert.deepEqual([gsm[0].step, gsm[0].attempts, gsm[0].avg], [0, 1, 2 / 3]);
  console.log("rllm's own UILogger: training and eval sessions read back as runs, metrics, trajectories, groups, logs and evals");
} finally {
  await s.close();
}
