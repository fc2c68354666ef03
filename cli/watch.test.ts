import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allTrajectories } from "@/server/importers/test-support/upload";
import { TENSORBOARD_WRITER, VERL_WRITER } from "@/server/importers/test-support/python-writers";
import { runPython } from "@/server/testing/python-venv";
import { REPO_ROOT, startTestServer, type TestServer } from "@/server/testing/test-server";
import { watchFolder } from "./watch";
import { loadWatchState } from "./watch-state";

const BIN = path.join(REPO_ROOT, "bin/skillboard");
const tmp: string[] = [];
const mkdtemp = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tmp.push(dir);
  return dir;
};

afterAll(() => {
  for (const dir of tmp) fs.rmSync(dir, { recursive: true, force: true });
});

/** Polls `check` until it returns a value that is not undefined/false; fails after `timeoutMs` with `what`. */
async function until<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n--- watcher output ---\n${lastWatcherOutput.text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let lastWatcherOutput = { text: "" };

/** `bin/skillboard watch …` as a child process, with its output collected. */
function startWatcher(args: string[], env: Record<string, string>) {
  const child: ChildProcess = spawn(BIN, ["watch", ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const out = { text: "" };
  lastWatcherOutput = out;
  child.stdout!.on("data", (d) => (out.text += d));
  child.stderr!.on("data", (d) => (out.text += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, out, exited };
}

/** A line of verl's rollout dump, as `_write_generations` writes it (json.dumps of the row). */
const verlLine = (name: string, step: number) => `(json.dumps({"input": "prompt ${name}", "output": "answer ${name}", "gts": None, "score": 1.0, "step": ${step}, "acc": True}) + "\\n")`;

describe("bin/skillboard watch", () => {
  let s: TestServer;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtemp("skillboard-watch-data-");
    s = await startTestServer({ dataDir });
  });

  afterAll(async () => {
    await s.close();
  });

  it("follows new files and appended lines through a restart of the watcher and of the server, storing every record once", async () => {
    const dir = mkdtemp("skillboard-watch-dir-");
    const stream = path.join(dir, "live", "stream.jsonl");
    fs.mkdirSync(path.dirname(stream));
    const py = (code: string) => runPython(`${VERL_WRITER}\n${TENSORBOARD_WRITER}\nimport json, os\nout = os.environ["OUT"]\n${code}`, { OUT: dir });
    const count = async (runId: string) => (await allTrajectories(s, runId)).length;

    // Phase 1: a finished rollout file and TensorBoard scalars are there before the watch starts.
    await py(`
write_generations(["q1", "q1", "q2", "q2"], ["a", "b", "c", "d"], [None] * 4, [1.0, 0.0, 1.0, 0.0], {"data_source": ["editing"] * 4}, os.path.join(out, "rollout"), 1)
w = SummaryWriter(logdir=os.path.join(out, "tb"))
w.add_scalar("critic/score/mean", 0.5, 1)
w.add_scalar("critic/score/mean", 0.6, 2)
w.close()
`);
    const env = { SKILLBOARD_URL: s.url, SKILLBOARD_API_KEY: s.apiKey };
    const args = [dir, "--new", "watched", "--poll", "100"];
    let w = startWatcher(args, env);
    const runId = await until("the run", () => /Created run (\S+)/.exec(w.out.text)?.[1]);
    await until("4 trajectories", async () => (await count(runId)) === 4);
    await until("2 metric points", async () => (await s.api(`/api/v1/runs/${runId}/metrics?keys=critic/score/mean`)).body.series["critic/score/mean"]?.length === 2);

    // Phase 2: a writer appends lines; a partial last line waits until it is complete.
    await py(`
with open(os.path.join(out, "live", "stream.jsonl"), "a") as f:
    f.write(${verlLine("A", 1)})
    f.write(${verlLine("B", 1)}[:25])
`);
    await until("the watcher to wait for line 2", () => w.out.text.includes("live/stream.jsonl: waiting: line 2 is not complete yet."));
    await until("line A", async () => (await count(runId)) === 5);
    await py(`
with open(os.path.join(out, "live", "stream.jsonl"), "a") as f:
    f.write(${verlLine("B", 1)}[25:])
    f.write(${verlLine("C", 1)})
`);
    await until("lines B and C", async () => (await count(runId)) === 7);

    // Phase 3: the watcher dies; the trainer goes on writing; a new watcher picks up where the state file says.
    w.child.kill("SIGKILL");
    await w.exited;
    await py(`
write_generations(["q3", "q3", "q4"], ["e", "f", "g"], [None] * 3, [0.0, 1.0, 1.0], {}, os.path.join(out, "rollout"), 2)
with open(os.path.join(out, "live", "stream.jsonl"), "a") as f:
    f.write(${verlLine("D", 2)})
`);
    w = startWatcher(args, env);
    await until("11 trajectories after the watcher restart", async () => (await count(runId)) === 11);
    expect(w.out.text).not.toContain("Created run");
    expect(w.out.text).toContain(`for run ${runId}`);

    // Phase 4: the server goes away; the watcher keeps its position, retries, and resumes when it is back.
    const port = s.port;
    await s.close();
    await py(`
with open(os.path.join(out, "live", "stream.jsonl"), "a") as f:
    f.write(${verlLine("E", 3)})
    f.write(${verlLine("F", 3)})
w = SummaryWriter(logdir=os.path.join(out, "tb"), filename_suffix=".second")
w.add_scalar("critic/score/mean", 0.7, 3)
w.close()
`);
    await until("the watcher to notice the server is gone", () => w.out.text.includes("Server unreachable"));
    s = await startTestServer({ dataDir, port });
    await until("13 trajectories after the server restart", async () => (await count(runId)) === 13);
    await until("the third metric point", async () => (await s.api(`/api/v1/runs/${runId}/metrics?keys=critic/score/mean`)).body.series["critic/score/mean"]?.length === 3);
    expect(w.out.text).toMatch(/The server answers again after \d+ s: resuming\./);

    w.child.kill("SIGTERM");
    expect(await w.exited).toBe(0);

    // Exactly once: every record of every file is stored one time.
    const rows = await allTrajectories(s, runId);
    const sources = await Promise.all(rows.map(async (t) => (await s.api(`/api/v1/trajectories/${t.id}`)).body.trajectory.metadata.source));
    const seen = sources.map((src) => `${src.fileName}#${src.record}`).sort();
    expect(seen).toEqual(
      [
        ...[1, 2, 3, 4].map((n) => `rollout/1.jsonl#${n}`),
        ...[1, 2, 3].map((n) => `rollout/2.jsonl#${n}`),
        ...[1, 2, 3, 4, 5, 6].map((n) => `live/stream.jsonl#${n}`),
      ].sort(),
    );
    expect(rows.filter((t) => t.skill === "editing")).toHaveLength(4);
    const keys = (await s.api(`/api/v1/runs/${runId}/metric-keys`)).body.keys;
    expect(keys).toEqual([expect.objectContaining({ key: "critic/score/mean", count: 3, maxStep: 3 })]);
    const state = loadWatchState(path.join(dir, ".skillboard-watch.json"))!;
    expect(state.runId).toBe(runId);
    expect(state.files["live/stream.jsonl"]).toEqual({ offset: fs.statSync(stream).size, line: 7 });
  });

  it("sends a chunk again after a crash between the server's answer and the state write, and the server stores it once", async () => {
    const dir = mkdtemp("skillboard-watch-crash-");
    await runPython(
      `${VERL_WRITER}\nimport os\nwrite_generations(["q"] * 3, ["x", "y", "z"], [None] * 3, [1.0, 0.0, 1.0], {}, os.environ["OUT"], 5)`,
      { OUT: dir },
    );
    const lines: string[] = [];
    const opts = { dir, new: "crashy", url: s.url, apiKey: s.apiKey, once: true, log: (l: string) => lines.push(l) };
    await expect(
      watchFolder({
        ...opts,
        afterAcknowledged: () => {
          throw new Error("crash after the answer");
        },
      }),
    ).rejects.toThrow("crash after the answer");
    const state = loadWatchState(path.join(dir, ".skillboard-watch.json"))!;
    expect(state.files["5.jsonl"]).toMatchObject({ offset: 0, pending: { end: fs.statSync(path.join(dir, "5.jsonl")).size, lines: 3 } });
    expect(await allTrajectories(s, state.runId)).toHaveLength(3);

    const summary = await watchFolder({ ...opts, finish: true });
    expect(summary).toMatchObject({ runId: state.runId, trajectories: 3 });
    expect(lines).toContain("5.jsonl lines 1–3: verl rollout/validation JSONL, 0 trajectories imported, 3 already imported before");
    expect(await allTrajectories(s, state.runId)).toHaveLength(3);
    expect((await s.api(`/api/v1/runs/${state.runId}`)).body.status).toBe("succeeded");
    expect(loadWatchState(path.join(dir, ".skillboard-watch.json"))!.files["5.jsonl"].pending).toBeUndefined();
  });

  it("reports a corrupt TensorBoard record and a bad JSONL line with their place, and goes on", async () => {
    const dir = mkdtemp("skillboard-watch-corrupt-");
    await runPython(
      `${TENSORBOARD_WRITER}\nimport os\nw = SummaryWriter(logdir=os.environ["OUT"])\nfor i in range(1, 4):\n    w.add_scalar("loss", float(i), i)\nw.close()`,
      { OUT: dir },
    );
    const eventFile = fs.readdirSync(dir).find((f) => f.startsWith("events.out.tfevents."))!;
    const bytes = fs.readFileSync(path.join(dir, eventFile));
    // The second record's data (the first is file_version): a 1-byte flip breaks its CRC.
    const secondRecord = 12 + Number(bytes.readBigUInt64LE(0)) + 4;
    bytes[secondRecord + 14] ^= 0xff;
    fs.writeFileSync(path.join(dir, eventFile), bytes);
    fs.writeFileSync(path.join(dir, "1.jsonl"), '{"input": "q", "output": "a", "score": 1.0, "step": 1}\nnot json at all\n{"input": "q", "output": "b", "score": 0.0, "step": 1}\n');
    const lines: string[] = [];
    const summary = await watchFolder({ dir, new: "corrupt", url: s.url, apiKey: s.apiKey, once: true, log: (l) => lines.push(l) });
    expect(summary).toMatchObject({ trajectories: 2, metricPoints: 2, refused: 0 });
    expect(lines.filter((l) => l.startsWith("  warning: 1.jsonl line 2: skipped: not JSON ("))).toHaveLength(1);
    expect(lines).toContain(`  warning: ${eventFile} byte ${secondRecord}: skipped: data CRC mismatch: the record is corrupt`);
    const series = (await s.api(`/api/v1/runs/${summary.runId}/metrics?keys=loss`)).body.series.loss;
    expect(series.map((p: { step: number }) => p.step)).toEqual([2, 3]);
  });
});
