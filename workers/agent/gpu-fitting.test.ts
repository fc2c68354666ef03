import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type WorkerHandle } from "./agent";
import { AgentTestServer, fakeNvidiaSmi, NODE, tempDir, waitFor, writeScript } from "./testing/harness";

const scripts = tempDir("scripts");
/** Prints CUDA_VISIBLE_DEVICES, then runs for `seconds`. */
const gpuJob = writeScript(
  scripts,
  "gpu-job.mjs",
  `console.log("CUDA_VISIBLE_DEVICES=" + JSON.stringify(process.env.CUDA_VISIBLE_DEVICES ?? null));
setTimeout(() => {}, Number(process.argv[2]) * 1000);
`,
);

const server = new AgentTestServer([
  { name: "wt-gpu-4", argv: [NODE, gpuJob, "0"], resources: { gpus: 4 } },
  { name: "wt-gpu-2", argv: [NODE, gpuJob, "{{seconds}}"], params: { seconds: { type: "float", default: 2.5 } }, resources: { gpus: 2 } },
  { name: "wt-gpu-0", argv: [NODE, gpuJob, "0"], resources: { gpus: 0 } },
]);
let worker: WorkerHandle;

beforeAll(async () => {
  await server.start();
  const smi = fakeNvidiaSmi("0, NVIDIA H100 80GB HBM3, 81559, 20480, 87\n1, NVIDIA H100 80GB HBM3, 81559, 10240, 55\n");
  worker = await startWorker({
    url: server.url,
    apiKey: server.apiKey,
    workDir: tempDir("work"),
    maxJobs: 2,
    env: { ...process.env, PATH: `${smi}:${process.env.PATH}` },
    heartbeatMs: 300,
    pollMs: 200,
    systemMetricsMs: 400,
    logFlushMs: 100,
    log: () => {},
  });
});
afterAll(async () => {
  await worker?.stop({ onStop: "handback" });
  await server.stop();
});

describe("worker agent: GPUs", () => {
  it("registers the GPUs nvidia-smi reports", async () => {
    const { body } = await server.api("/workers");
    expect(body.workers[0].gpus).toEqual([
      { index: 0, name: "NVIDIA H100 80GB HBM3", memoryTotalMiB: 81559, memoryUsedMiB: 20480, utilization: 87 },
      { index: 1, name: "NVIDIA H100 80GB HBM3", memoryTotalMiB: 81559, memoryUsedMiB: 10240, utilization: 55 },
    ]);
  });

  it("leases only what fits: 4 GPUs wait, 2 run pinned to 0,1 with GPU metrics; 0 GPUs get none", async () => {
    const big = await server.launch("wt-gpu-4");
    const fits = await server.launch("wt-gpu-2");
    const running = await server.waitForStatus(fits, ["running"]);
    expect(running.status).toBe("running");
    expect(await waitFor("the CUDA line", () => server.streamText(fits, "stdout"))).toBe('CUDA_VISIBLE_DEVICES="0,1"\n');
    expect((await server.events(fits)).find((e) => e.kind === "started")?.message).toMatch(/GPUs 0,1/);

    // Both GPUs are taken: a CPU job still runs beside it (second slot), with no GPU visible.
    const cpu = await server.launch("wt-gpu-0");
    await server.waitForStatus(cpu, ["succeeded"]);
    expect(await server.streamText(cpu, "stdout")).toBe('CUDA_VISIBLE_DEVICES=""\n');

    const series = await waitFor("GPU metrics", async () => {
      const s = await server.metrics(fits, ["system/gpu0/util", "system/gpu0/mem_used", "system/gpu1/util"]);
      return s["system/gpu0/util"]?.length && s["system/gpu1/util"]?.length ? s : null;
    });
    expect(series["system/gpu0/util"][0].value).toBe(87);
    expect(series["system/gpu0/mem_used"][0].value).toBe(20480);
    expect(series["system/gpu1/util"][0].value).toBe(55);

    await server.waitForStatus(fits, ["succeeded"]);
    await new Promise((r) => setTimeout(r, 600)); // free GPUs again, several lease polls later
    expect((await server.run(big)).status).toBe("queued");
    expect(worker.runs()).toEqual([]);
  });
});
