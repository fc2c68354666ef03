import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SdkTestServer, tempDir } from "../testing/server";
import { Run } from "./run";
import { RunSpool } from "./spool";
import type { Trajectory } from "./types";

/** Its own file: these tests take the server down and bring it back on the same port and data folder. */
const server = new SdkTestServer();
afterAll(() => server.stop());

/** Short retry timings so "the server stays unreachable" takes well under a second. */
const fastRetry = {
  retry: { initialDelayMs: 20, maxDelayMs: 100, giveUpAfterMs: 300 },
  spoolRetryIntervalMs: 150,
  flushIntervalMs: 50,
  requestTimeoutMs: 2_000,
};

const trajectory = (taskId: string, step: number): Trajectory => ({
  skill: "write_test",
  taskId,
  step,
  reward: 1,
  passed: true,
  turns: [{ role: "assistant", content: taskId }],
});

async function allLogTexts(runId: string): Promise<string[]> {
  const texts: string[] = [];
  let after = 0;
  for (;;) {
    const page = await server.client.getLogs(runId, { after, limit: 10_000 });
    if (!page.chunks.length) return texts;
    texts.push(...page.chunks.map((c) => c.text));
    after = page.nextAfter;
  }
}

async function allTrajectoryTasks(runId: string): Promise<string[]> {
  const tasks: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await server.client.listTrajectories(runId, { limit: 1000, cursor });
    tasks.push(...page.trajectories.map((t) => t.taskId));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return tasks;
}

/** Logs steps [from, to) of metric `loss`, one log line and one trajectory per 10 steps. */
function logSteps(run: Run, from: number, to: number) {
  for (let step = from; step < to; step++) {
    run.log({ loss: step / 1000, step_copy: step }, step);
    if (step % 10 === 0) {
      run.logText("stdout", `line ${step}\n`);
      run.logTrajectory(trajectory(`t${step}`, step));
    }
  }
}

function expectExactlyOnce(texts: string[], tasks: string[], total: number) {
  const expected = Array.from({ length: total / 10 }, (_, i) => i * 10);
  expect(texts).toEqual(expected.map((s) => `line ${s}\n`)); // each once, in order
  expect(tasks).toEqual(expected.map((s) => `t${s}`));
}

describe("Run when the server goes away", () => {
  it("spools while the server is down and, once it is back, stores every point exactly once", async () => {
    await server.start();
    const warnings: string[] = [];
    const spoolDir = tempDir("spool");
    const run = new Run({ url: server.url, apiKey: server.apiKey, spoolDir, env: {}, warn: (m) => warnings.push(m), ...fastRetry });

    logSteps(run, 0, 1000);
    await run.flush();
    expect((await server.client.listMetricKeys(run.id)).find((k) => k.key === "loss")?.count).toBe(1000);

    await server.stop();
    logSteps(run, 1000, 3000);
    await run.flush(); // retries, gives up, spools
    logSteps(run, 3000, 4000);
    await new Promise((r) => setTimeout(r, 400)); // the timer keeps spooling (and failing to drain)
    const spool = new RunSpool(run.spoolDir);
    const spooled = [...spool.lines()].map((l) => JSON.parse(l.text) as { kind: string; body: { batchId: string } });
    expect(spooled.length).toBeGreaterThan(0);
    expect(new Set(spooled.map((l) => l.kind))).toEqual(new Set(["metrics", "logs", "trajectories"]));
    expect(new Set(spooled.map((l) => l.body.batchId)).size).toBe(spooled.length);
    expect(warnings.some((w) => w.includes("cannot reach") && w.includes(run.spoolDir))).toBe(true);

    await server.start(); // same port, same data folder
    logSteps(run, 4000, 5000);
    const result = await run.finish();
    expect(result).toMatchObject({ spooled: false, dropped: 0 });

    const keys = await server.client.listMetricKeys(run.id);
    expect(keys.map((k) => [k.key, k.count, k.minStep, k.maxStep])).toEqual([
      ["loss", 5000, 0, 4999],
      ["step_copy", 5000, 0, 4999],
    ]);
    const series = await server.client.getMetrics(run.id, { keys: ["step_copy"], maxPoints: 10_000 });
    expect(series.step_copy.every((p) => p.value === p.step)).toBe(true);
    expectExactlyOnce(await allLogTexts(run.id), await allTrajectoryTasks(run.id), 5000);
    expect((await server.client.getRun(run.id)).status).toBe("succeeded");
    expect(spool.isSynced()).toBe(true);
    expect(spool.readOffset()).toBe([...spool.lines()].length);
  });

  it("starts while the server is down, and creates the run with its own id once the server is up", async () => {
    await server.start();
    await server.stop(); // the port is known and nothing listens on it
    const spoolDir = tempDir("spool");
    const run = new Run({ url: server.url, apiKey: server.apiKey, spoolDir, env: {}, project: "late", warn: () => {}, ...fastRetry });
    logSteps(run, 0, 500);
    await run.flush();
    expect(JSON.parse(fs.readFileSync(path.join(run.spoolDir, "run.json"), "utf8"))).toMatchObject({ id: run.id, project: "late" });

    await server.start();
    logSteps(run, 500, 1000);
    // The timer drains the spool on its own once the server answers.
    await expect.poll(() => new RunSpool(run.spoolDir).isSynced(), { timeout: 5_000 }).toBe(true);
    const result = await run.finish();
    expect(result.spooled).toBe(false);
    expect(await server.client.getRun(run.id)).toMatchObject({ project: "late", status: "succeeded" });
    expect((await server.client.listMetricKeys(run.id))[0].count).toBe(1000);
    expectExactlyOnce(await allLogTexts(run.id), await allTrajectoryTasks(run.id), 1000);
  });

  it("leaves what it could not send in the spool at finish, for `skillboard sync`", async () => {
    await server.start();
    await server.stop();
    const warnings: string[] = [];
    const run = new Run({ url: server.url, apiKey: server.apiKey, spoolDir: tempDir("spool"), env: {}, warn: (m) => warnings.push(m), ...fastRetry });
    logSteps(run, 0, 100);
    const result = await run.finish();
    expect(result.spooled).toBe(true);
    expect(warnings.at(-1)).toContain(`skillboard sync ${run.spoolDir}`);
    const kinds = [...new RunSpool(run.spoolDir).lines()].map((l) => JSON.parse(l.text).kind);
    expect(kinds.at(-1)).toBe("finish");
  });

  it("resends a batch whose answer was lost, and the server stores it once", async () => {
    await server.start();
    // A real TCP proxy in front of the server that lets the first logs and trajectories requests through
    // but cuts the connection as their answers come back: the server has stored them, the SDK cannot know.
    const toLose = new Set<string>();
    const seen: string[] = [];
    const proxy = net.createServer((client) => {
      const upstream = net.connect(server.port, "127.0.0.1");
      let loseAnswer = false;
      client.on("data", (d) => {
        const route = /^POST \/api\/v1\/runs\/[^/]+\/(\w+)/.exec(d.toString("latin1"))?.[1];
        if (route) seen.push(route);
        if (route && toLose.delete(route)) loseAnswer = true;
        upstream.write(d);
      });
      upstream.on("data", (d) => {
        if (loseAnswer) {
          client.destroy();
          upstream.destroy();
        } else client.write(d);
      });
      client.on("error", () => upstream.destroy());
      upstream.on("error", () => client.destroy());
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.end());
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
      const run = new Run({ url, apiKey: server.apiKey, spoolDir: tempDir("spool"), env: {}, warn: () => {}, ...fastRetry });
      logSteps(run, 0, 10);
      await run.flush();
      toLose.add("logs").add("trajectories");
      seen.length = 0;
      logSteps(run, 10, 1000);
      await run.flush();
      expect(toLose.size).toBe(0);
      expect(seen.filter((r) => r === "logs")).toHaveLength(2); // lost answer, then the resend
      expect(seen.filter((r) => r === "trajectories")).toHaveLength(2);
      const result = await run.finish();
      expect(result).toMatchObject({ spooled: false, dropped: 0 });
      expectExactlyOnce(await allLogTexts(run.id), await allTrajectoryTasks(run.id), 1000);
      expect((await server.client.listMetricKeys(run.id))[0].count).toBe(1000);
    } finally {
      proxy.close();
    }
  });
});
