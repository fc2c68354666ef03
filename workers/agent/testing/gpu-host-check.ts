/**
 * The worker agent on a real GPU host (not part of the Vitest suite: it needs NVIDIA GPUs, python3 and the driver):
 * real nvidia-smi detection, CUDA_VISIBLE_DEVICES pinning as CUDA itself sees it, and GPU metrics.
 *   TSX_TSCONFIG_PATH=tsconfig.json node --import ./node_modules/tsx/dist/loader.mjs workers/agent/testing/gpu-host-check.ts
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startWorker } from "../agent";
import { detectGpus, NVIDIA_SMI_ARGS } from "../gpus";
import { AgentTestServer, tempDir, waitFor } from "./harness";

const out = process.env.OUT || tempDir("out");
const results: Record<string, unknown> = {};
const check = (name: string, ok: boolean, detail?: unknown) => {
  results[name] = { ok, detail };
  console.log(`${ok ? "PASS" : "FAIL"} ${name}${detail === undefined ? "" : `: ${JSON.stringify(detail)}`}`);
};
const probe = path.resolve(import.meta.dirname, "cuda-probe.py");

try {
  fs.writeFileSync(path.join(out, "smi.csv"), execFileSync("nvidia-smi", NVIDIA_SMI_ARGS, { encoding: "utf8" }));
} catch (e) {
  console.log("nvidia-smi failed:", (e as Error).message);
}
const gpus = await detectGpus();
check("detect", gpus.length > 0, gpus);
if (!gpus.length) {
  console.log("nvidia-smi found no GPU: this check needs a GPU host");
  process.exit(1);
}

const server = new AgentTestServer([
  { name: "dev-gpu1", argv: ["python3", probe, "{{hold}}"], params: { hold: { type: "float", default: 4 } }, resources: { gpus: 1 } },
  { name: "dev-gpu0", argv: ["python3", probe, "0"], resources: { gpus: 0 } },
  { name: "dev-gpu-too-many", argv: ["python3", probe, "0"], resources: { gpus: gpus.length + 1 } },
]);
await server.start();
const worker = await startWorker({
  url: server.url,
  apiKey: server.apiKey,
  workDir: tempDir("work"),
  maxJobs: 2,
  heartbeatMs: 500,
  pollMs: 200,
  systemMetricsMs: 1000,
  logFlushMs: 200,
});
try {
  const reg = (await server.api("/workers")).body.workers[0];
  check("registered GPUs", reg.gpus.length === gpus.length, reg.gpus);

  const tooMany = await server.launch("dev-gpu-too-many");
  const g1 = await server.launch("dev-gpu1");
  const r1 = await server.waitForStatus(g1, ["succeeded", "failed"], 60_000);
  const o1 = JSON.parse((await server.streamText(g1, "stdout")).split("\n")[0] || "{}");
  check("1-GPU job succeeded", r1.status === "succeeded", { status: r1.status, error: r1.error });
  check("1-GPU job pinned", o1.cvd === String(gpus[0]?.index) && o1.count === 1 && o1.alloc === 0, o1);
  const series = await server.metrics(g1, [`system/gpu${gpus[0]?.index}/util`, `system/gpu${gpus[0]?.index}/mem_used`]);
  const mem = series[`system/gpu${gpus[0]?.index}/mem_used`] ?? [];
  check("GPU metrics arrived", (series[`system/gpu${gpus[0]?.index}/util`] ?? []).length > 0 && mem.length > 0, series);
  check("mem_used shows the 8 GiB held", Math.max(0, ...mem.map((p) => p.value)) >= 8000, mem.map((p) => p.value));

  const g0 = await server.launch("dev-gpu0");
  const r0 = await server.waitForStatus(g0, ["succeeded", "failed"], 60_000);
  const o0 = JSON.parse((await server.streamText(g0, "stdout")).split("\n")[0] || "{}");
  check("0-GPU job sees no GPU", r0.status === "succeeded" && o0.cvd === "" && !o0.count, o0);

  await new Promise((r) => setTimeout(r, 1000));
  check("a job asking more GPUs than the host has waits", (await server.run(tooMany)).status === "queued");
  await server.api(`/runs/${tooMany}/cancel`, {});
  const w = await waitFor("heartbeat gpus", async () => (await server.api("/workers")).body.workers[0]);
  check("heartbeat keeps GPU info", w.gpus.length === gpus.length, w.gpus);
} catch (e) {
  check("no exception", false, String((e as Error).stack));
} finally {
  await worker.stop({ onStop: "handback" });
  await server.stop();
  fs.writeFileSync(path.join(out, "results.json"), JSON.stringify(results, null, 2));
}
const failed = Object.entries(results).filter(([, v]) => !(v as { ok: boolean }).ok);
console.log(failed.length ? `FAILED: ${failed.map(([k]) => k).join(", ")}` : "ALL PASSED");
process.exit(failed.length ? 1 : 0);
