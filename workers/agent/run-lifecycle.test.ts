import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type WorkerHandle } from "./agent";
import { AgentTestServer, fakeNvidiaSmi, isAlive, killQuietly, NODE, REPO_ROOT, tempDir, TSX_LOADER, waitFor, writeScript } from "./testing/harness";

const scripts = tempDir("scripts");

/** Logs through the TS SDK (attached by SKILLBOARD_RUN_ID), prints on both streams, exits 0 or 1. */
const sdkJob = writeScript(
  scripts,
  "sdk-job.mts",
  `import { init } from ${JSON.stringify(path.join(REPO_ROOT, "sdk/ts/src/index.ts"))};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mode = process.argv[2];
const run = init({ flushIntervalMs: 100 });
const e = process.env;
console.log(JSON.stringify({ cwd: process.cwd(), id: e.SKILLBOARD_RUN_ID, managed: e.SKILLBOARD_MANAGED, url: e.SKILLBOARD_URL,
  key: Boolean(e.SKILLBOARD_API_KEY), cuda: e.CUDA_VISIBLE_DEVICES ?? null, unbuffered: e.PYTHONUNBUFFERED, fromRecipe: e.FROM_RECIPE }));
for (let i = 1; i <= 5; i++) {
  console.log("out " + i);
  console.error("err " + i);
  run.log({ "train/loss": 1 / i }, i);
  await sleep(20);
}
await run.finish();
if (mode === "fail") {
  console.error("x".repeat(10_000));
  console.error("ValueError: the final line");
  process.exitCode = 1;
}
`,
);

const echoArgs = writeScript(scripts, "echo-args.mjs", `console.log(JSON.stringify(process.argv.slice(2)));\n`);

/** Starts \`sleep 1000\` as a child, prints both pids, ignores SIGTERM (so SIGKILL must follow), runs until killed. */
const tree = writeScript(
  scripts,
  "tree.mjs",
  `import { spawn } from "node:child_process";
const sleeper = spawn("sleep", ["1000"], { stdio: "ignore" });
process.on("SIGTERM", () => console.log("got SIGTERM"));
console.log("pids " + process.pid + " " + sleeper.pid);
setInterval(() => {}, 1000);
`,
);

const server = new AgentTestServer([
  {
    name: "wt-sdk-job",
    argv: [NODE, "--import", TSX_LOADER, sdkJob, "{{mode}}"],
    params: { mode: { type: "enum", values: ["ok", "fail"], default: "ok" } },
    env: { FROM_RECIPE: "yes" },
  },
  { name: "wt-echo-args", argv: [NODE, echoArgs, "--flag={{x}}", "{{x}}", "{{run_dir}}/out"], params: { x: { type: "string" } } },
  { name: "wt-tree", argv: [NODE, tree] },
  { name: "wt-sleep", argv: [NODE, "-e", "setTimeout(() => console.log('slept'), 800)"] },
]);
const workDir = tempDir("work");
let worker: WorkerHandle;
const logLines: string[] = [];

beforeAll(async () => {
  await server.start();
  worker = await startWorker({
    url: server.url,
    apiKey: server.apiKey,
    workDir,
    env: { ...process.env, PATH: `${fakeNvidiaSmi("")}:${process.env.PATH}` }, // a host without GPUs
    heartbeatMs: 300,
    pollMs: 200,
    cancelGraceMs: 1_000,
    logFlushMs: 100,
    log: (l) => logLines.push(l),
  });
});
afterAll(async () => {
  await worker?.stop({ onStop: "handback" });
  await server.stop();
});

describe("worker agent: a run's life", () => {
  it("registers the host", async () => {
    const { body } = await server.api("/workers");
    expect(body.workers).toEqual([expect.objectContaining({ id: worker.id, pool: "local", maxJobs: 1, gpus: [], state: "active" })]);
  });

  it("runs a job: queued → running → succeeded, with its logs in order on both streams and its SDK metrics", async () => {
    const id = await server.launch("wt-sdk-job");
    const run = await server.waitForStatus(id, ["succeeded", "failed"], 20_000);
    expect(run).toMatchObject({ status: "succeeded", exitCode: 0, workerId: worker.id, error: null });
    expect((await server.events(id)).map((e) => e.kind)).toEqual(["queued", "leased", "started", "succeeded"]);

    const stdout = await server.streamText(id, "stdout");
    const info = JSON.parse(stdout.split("\n")[0]);
    expect(info).toEqual({
      cwd: path.join(workDir, id),
      id,
      managed: "1",
      url: server.url,
      key: true,
      cuda: null,
      unbuffered: "1",
      fromRecipe: "yes",
    });
    expect(stdout.split("\n").slice(1)).toEqual(["out 1", "out 2", "out 3", "out 4", "out 5", ""]);
    expect(await server.streamText(id, "stderr")).toBe("err 1\nerr 2\nerr 3\nerr 4\nerr 5\n");
    const series = await server.metrics(id, ["train/loss"]);
    expect(series["train/loss"].map((p) => p.step)).toEqual([1, 2, 3, 4, 5]);
  });

  it("a non-zero exit fails the run with the tail of stderr as the error", async () => {
    const id = await server.launch("wt-sdk-job", { mode: "fail" });
    const run = await server.waitForStatus(id, ["succeeded", "failed"], 20_000);
    expect(run).toMatchObject({ status: "failed", exitCode: 1 });
    expect(run.error).toMatch(/ValueError: the final line\n$/);
    expect(run.error.length).toBeLessThanOrEqual(4096);
    expect((await server.streamText(id, "stderr")).length).toBeGreaterThan(10_000);
  });

  it("passes a parameter as one literal argument, never through a shell, and substitutes {{run_dir}}", async () => {
    const id = await server.launch("wt-echo-args", { x: "--x; rm -rf /" });
    await server.waitForStatus(id, ["succeeded"]);
    const argv = JSON.parse(await server.streamText(id, "stdout"));
    expect(argv).toEqual(["--flag=--x; rm -rf /", "--x; rm -rf /", `${path.join(workDir, id)}/out`]);
  });

  it("cancels a queued run at once and a running one with SIGTERM then SIGKILL, its children included", async () => {
    const running = await server.launch("wt-tree");
    const pidsLine = await waitFor("the pids line", async () => /pids (\d+) (\d+)/.exec(await server.streamText(running, "stdout")));
    const [leader, sleeper] = [Number(pidsLine[1]), Number(pidsLine[2])];
    try {
      expect(isAlive(leader) && isAlive(sleeper)).toBe(true);

      const queued = await server.launch("wt-tree"); // the worker's one slot is taken
      expect((await server.run(queued)).status).toBe("queued");
      expect((await server.api(`/runs/${queued}/cancel`, {})).body.status).toBe("canceled");
      expect((await server.run(queued)).status).toBe("canceled");

      const t0 = Date.now();
      expect((await server.api(`/runs/${running}/cancel`, {})).status).toBe(200);
      const run = await server.waitForStatus(running, ["canceled", "failed", "succeeded"]);
      expect(run.status).toBe("canceled");
      expect(Date.now() - t0).toBeGreaterThanOrEqual(900); // the SIGTERM was ignored: SIGKILL after the 1 s grace
      await waitFor("the process tree to be gone", () => !isAlive(leader) && !isAlive(sleeper), 30_000);
      expect(await server.streamText(running, "stdout")).toContain("got SIGTERM");
      expect((await server.events(running)).map((e) => e.kind)).toEqual(["queued", "leased", "started", "cancel-requested", "canceled"]);

      await new Promise((r) => setTimeout(r, 500)); // the freed slot does not pick up the canceled run
      expect((await server.events(queued)).map((e) => e.kind)).toEqual(["queued", "canceled"]);
    } finally {
      killQuietly(leader);
      killQuietly(sleeper);
    }
  });

  it("stop() stops leasing and waits for the running job, then tells the server", async () => {
    const id = await server.launch("wt-sleep");
    await server.waitForStatus(id, ["running"]);
    expect(worker.runs()).toEqual([{ runId: id, gpus: [], pid: expect.any(Number) }]);
    const later = await server.launch("wt-sleep");
    await worker.stop();
    expect((await server.run(id)).status).toBe("succeeded");
    expect(await server.streamText(id, "stdout")).toBe("slept\n");
    expect((await server.run(later)).status).toBe("queued");
    const { body } = await server.api("/workers");
    expect(body.workers[0]).toMatchObject({ id: worker.id, state: "stopped", runs: [] });
  });
});
