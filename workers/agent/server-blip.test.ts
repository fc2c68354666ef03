import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type WorkerHandle } from "./agent";
import { AgentTestServer, NODE, sleep, tempDir, waitFor, writeScript } from "./testing/harness";

const LINES = 300;
const scripts = tempDir("scripts");
/** Prints numbered lines on stdout (every tenth also on stderr) for about 3 s. */
const chatty = writeScript(
  scripts,
  "chatty.mjs",
  `let i = 0;
const timer = setInterval(() => {
  i++;
  console.log("line " + i);
  if (i % 10 === 0) console.error("tick " + i);
  if (i === ${LINES}) clearInterval(timer);
}, 10);
`,
);

const server = new AgentTestServer([{ name: "wt-chatty", argv: [NODE, chatty] }]);
let worker: WorkerHandle;
const logLines: string[] = [];

beforeAll(async () => {
  await server.start();
  worker = await startWorker({
    url: server.url,
    apiKey: server.apiKey,
    workDir: tempDir("work"),
    gpus: "none",
    heartbeatMs: 500,
    pollMs: 200,
    logFlushMs: 100,
    log: (l) => logLines.push(l),
  });
});
afterAll(async () => {
  await worker?.stop({ onStop: "handback" });
  await server.stop();
});

describe("worker agent: a server blip", () => {
  it("keeps the output on disk while the server is down and ships all of it, once and in order", async () => {
    const id = await server.launch("wt-chatty");
    await waitFor("the first lines", async () => (await server.streamText(id, "stdout")).includes("line 20\n"));
    await server.stop();
    await sleep(1_500);
    await server.start(); // same port, same data folder
    const run = await server.waitForStatus(id, ["succeeded", "failed", "lost"], 20_000);
    expect(run.status).toBe("succeeded");

    const expected = Array.from({ length: LINES }, (_, i) => `line ${i + 1}`);
    expect((await server.streamText(id, "stdout")).split("\n").slice(0, -1)).toEqual(expected);
    const ticks = Array.from({ length: LINES / 10 }, (_, i) => `tick ${(i + 1) * 10}`);
    expect((await server.streamText(id, "stderr")).split("\n").slice(0, -1)).toEqual(ticks);
    expect(logLines.join("\n")).toMatch(/cannot ship output .*retrying/);
  });
});
