import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type WorkerHandle } from "./agent";
import { AgentTestServer, killQuietly, NODE, sleep, tempDir, TSX_LOADER, waitFor } from "./testing/harness";
import { writeSteppingJob } from "./testing/stepping-job";

/** How long the server is down: as long as a default lease (30 s), so no lease held when it stopped is still valid when it is back. */
const OUTAGE_MS = 30_000;
const STEPS = 80;

const control = tempDir("control");
const job = writeSteppingJob(tempDir("scripts"));
const controlFile = (runId: string, name: string) => path.join(control, `${runId}.${name}`);

// The default lease (30 s) and the worker's default heartbeat (a third of it): what a deployment runs with.
const server = new AgentTestServer([{ name: "wt-outage", argv: [NODE, "--import", TSX_LOADER, job, control, "20:go,60:back,80:end"] }]);
let worker: WorkerHandle;
const workerLog: string[] = [];

beforeAll(async () => {
  await server.start();
  worker = await startWorker({ url: server.url, apiKey: server.apiKey, workDir: tempDir("work"), gpus: "none", logFlushMs: 100, log: (l) => workerLog.push(l) });
});
afterAll(async () => {
  for (const f of fs.readdirSync(control).filter((f) => f.endsWith(".pid"))) killQuietly(Number(fs.readFileSync(path.join(control, f), "utf8")));
  // If the test failed with the server down, the worker's hand-back would retry for minutes: give it a moment, then go.
  await Promise.race([worker?.stop({ onStop: "handback" }), sleep(5_000)]);
  await server.stop();
});

describe("a network cut: the server stopped for 30 s during a run", () => {
  it(
    "the run goes on, everything it logged while the server was away arrives once, and it finishes normally",
    async () => {
      const id = await server.launch("wt-outage");
      await waitFor("the first 20 lines", async () => (await server.streamText(id, "stdout")).includes("line 20\n"));
      await server.stop();
      const stoppedAt = Date.now();
      fs.writeFileSync(controlFile(id, "go"), ""); // steps 21–60 are logged and printed while the server is down
      await waitFor("the job to log steps 21–60 with the server down", () => fs.existsSync(controlFile(id, "at-60")), 60_000);
      await sleep(Math.max(0, stoppedAt + OUTAGE_MS - Date.now()));
      await server.start(); // same port, same data folder
      fs.writeFileSync(controlFile(id, "back"), ""); // steps 61–80, then the job ends
      fs.writeFileSync(controlFile(id, "end"), "");

      const run = await server.waitForStatus(id, ["succeeded", "failed", "lost", "canceled"], 120_000);
      expect({ status: run.status, events: (await server.events(id)).map((e) => e.kind) }).toEqual({
        status: "succeeded",
        events: ["queued", "leased", "started", "succeeded"],
      });
      const steps = Array.from({ length: STEPS }, (_, i) => i + 1);
      const series = (await server.metrics(id, ["train/loss"]))["train/loss"];
      expect(series.map((p) => [p.step, p.value])).toEqual(steps.map((s) => [s, 1 / s]));
      expect(await server.streamText(id, "stdout")).toBe(steps.map((s) => `line ${s}\n`).join(""));
      expect(workerLog.join("\n")).toMatch(/cannot ship output .*retrying/);
    },
    240_000,
  );
});
