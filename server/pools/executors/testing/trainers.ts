import fs from "node:fs";
import path from "node:path";
import { fakeNvidiaSmi, tempDir, writeScript } from "@/workers/agent/testing/harness";
import { NODE_BIN_DIR } from "./cluster-harness";

/**
 * A stand-in trainer for the cluster tests: prints its argv and environment,
 * logs a metric through REST as the SDK would, prints `lines` lines `ms` apart,
 * then exits with `code` (after a line on stderr when the code is not 0).
 * With a `hold` path it waits, after its first two lines, until that file exists: how a test
 * keeps a job RUNNING until it has seen the scheduler report it, whatever the machine's speed.
 * With an `other` run id it also tries to log to that run with its key, and prints the answer's status.
 * argv: trainer.js <code> <lines> <ms> [value] [hold] [other]
 */
export function writeTrainer(): string {
  return writeScript(
    tempDir("trainer"),
    "trainer.js",
    `const fs = require("node:fs");
const [code, lines, ms, value, hold, other] = process.argv.slice(2);
const { SKILLBOARD_URL: url, SKILLBOARD_API_KEY: key, SKILLBOARD_RUN_ID: run } = process.env;
const sleep = (t) => new Promise((r) => setTimeout(r, t));
(async () => {
  console.log(JSON.stringify({ value, managed: process.env.SKILLBOARD_MANAGED, cuda: process.env.CUDA_VISIBLE_DEVICES, run }));
  const res = await fetch(url + "/api/v1/runs/" + run + "/metrics", {
    method: "POST",
    headers: { authorization: "Bearer " + key, "content-type": "application/json" },
    body: JSON.stringify({ batchId: "trainer-1", points: [{ key: "train/loss", step: 1, value: 0.5 }] }),
  });
  console.log("metric post: " + res.status);
  if (other) {
    const stolen = await fetch(url + "/api/v1/runs/" + other + "/metrics", {
      method: "POST",
      headers: { authorization: "Bearer " + key, "content-type": "application/json" },
      body: JSON.stringify({ batchId: "trainer-other", points: [{ key: "train/loss", step: 99, value: 9 }] }),
    });
    console.log("key kind: " + key.slice(0, 4) + "; other run post: " + stolen.status);
  }
  while (hold && !fs.existsSync(hold)) await sleep(50);
  for (let i = 0; i < Number(lines); i++) { console.log("line " + i); await sleep(Number(ms)); }
  if (Number(code)) { console.error("boom: the trainer failed on purpose"); process.exit(Number(code)); }
})();
`,
  );
}

/** A file path for the trainer's `hold` argument, and the release that lets the held trainer go on. */
export function holdFile(): { path: string; release(): void } {
  const file = path.join(tempDir("hold"), "release");
  return { path: file, release: () => fs.writeFileSync(file, "go") };
}

/** A PATH for cluster jobs: a fake nvidia-smi (4 GPUs), node, and the system's binaries. */
export function jobPath(): string {
  const smi = fakeNvidiaSmi("0, Fake GPU, 81920, 1024, 37\n1, Fake GPU, 81920, 2048, 12\n2, Fake GPU, 81920, 0, 0\n3, Fake GPU, 81920, 0, 0\n");
  return [smi, NODE_BIN_DIR, "/usr/local/bin", "/usr/bin", "/bin"].join(path.delimiter);
}
