import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type WorkerHandle } from "./agent";
import { AgentTestServer, NODE, sleep, tempDir, waitFor, writeScript } from "./testing/harness";

const LINES = 300;
const scripts = tempDir("scripts");
const release = path.join(tempDir("hold"), "release");
/** Prints numbered lines on stdout (every tenth also on stderr), 10 ms apart; after line 20 it waits for the release file. */
const chatty = writeScript(
  scripts,
  "chatty.mjs",
  `import fs from "node:fs";
let i = 0;
const timer = setInterval(() => {
  if (i === 20 && !fs.existsSync(process.argv[2])) return;
  i++;
  console.log("line " + i);
  if (i % 10 === 0) console.error("tick " + i);
  if (i === ${LINES}) clearInterval(timer);
}, 10);
`,
);

const server = new AgentTestServer([{ name: "wt-chatty", argv: [NODE, chatty, release] }]);
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
    fs.writeFileSync(release, "go"); // the job goes on printing while the server is down
    await waitFor("the worker to fail to ship", () => logLines.some((l) => /cannot ship output .*retrying/.test(l)));
    await sleep(1_000);
    await server.start(); // same port, same data folder
    const run = await server.waitForStatus(id, ["succeeded", "failed", "lost"]);
    expect(run.status).toBe("succeeded");

    const expected = Array.from({ length: LINES }, (_, i) => `line ${i + 1}`);
    expect((await server.streamText(id, "stdout")).split("\n").slice(0, -1)).toEqual(expected);
    const ticks = Array.from({ length: LINES / 10 }, (_, i) => `tick ${(i + 1) * 10}`);
    expect((await server.streamText(id, "stderr")).split("\n").slice(0, -1)).toEqual(ticks);
    expect(logLines.join("\n")).toMatch(/cannot ship output .*retrying/);
  });
});
