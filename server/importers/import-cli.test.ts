import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPython } from "../testing/python-venv";
import { FIXTURES, fixturePath, REPO_ROOT } from "./test-fixtures";
import { TENSORBOARD_WRITER, TRL_WRITER, VERL_WRITER } from "./test-support/python-writers";

const BIN = path.join(REPO_ROOT, "bin/skillboard");
const API_KEY = `cli-import-key-${Math.random().toString(36).slice(2)}`;
let server: ChildProcess;
let url: string;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-import-cli-"));
  server = spawn(BIN, ["server", "--api-only", "--port", "0", "--host", "127.0.0.1", "--data-dir", dataDir], {
    env: { ...process.env, SKILLBOARD_API_KEY: API_KEY },
    stdio: ["ignore", "pipe", "pipe"],
  });
  url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 45_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Skillboard listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    server.stdout!.on("data", onData);
    server.stderr!.on("data", onData);
    server.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
});

afterAll(async () => {
  if (server && server.exitCode == null) {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Runs `bin/skillboard import …`; resolves with the exit code and output, also on failure. */
async function cliImport(args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(BIN, ["import", ...args], {
      env: { ...process.env, SKILLBOARD_URL: url, SKILLBOARD_API_KEY: API_KEY },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const api = async (pathname: string) => {
  const res = await fetch(`${url}${pathname}`, { headers: { authorization: `Bearer ${API_KEY}` } });
  return (await res.json()) as any;
};

describe("bin/skillboard import", () => {
  it("imports every fixture into a new run, printing each file's format and count", async () => {
    const files = Object.values(FIXTURES).map(fixturePath);
    const r = await cliImport([...files, "--new", "agent-logs", "--project", "imports"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const runId = /Created run (\S+)/.exec(r.stdout)![1];
    expect(r.stdout).toContain("6e44b9__sweagenttestrepo-1c2844.traj: SWE-agent .traj, 1 trajectory imported");
    expect(r.stdout).toContain("sqlfluff__sqlfluff-2419.traj.json: mini-swe-agent .traj.json, 1 trajectory imported");
    expect(r.stdout).toContain("local.messages-only.traj.json: mini-swe-agent .traj.json, 1 trajectory imported");
    expect(r.stdout).toContain("multi_swe_bench.output.jsonl: OpenHands output.jsonl, 3 trajectories imported");
    expect(r.stdout).toMatch(/warning: SWE-agent \.traj files hold no test result/);
    const run = await api(`/api/v1/runs/${runId}`);
    expect(run).toMatchObject({ name: "agent-logs", project: "imports", status: "succeeded", tags: ["imported"] });
    const list = await api(`/api/v1/runs/${runId}/trajectories`);
    expect(list.trajectories).toHaveLength(8);
    expect(list.trajectories.map((t: any) => t.taskId)).toContain("pydicom__pydicom-1458");
  });

  it("imports into an existing run with --run, idempotently, with --skill and --step", async () => {
    const created = await fetch(`${url}/api/v1/runs`, {
      method: "POST",
      headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "existing" }),
    });
    const runId = ((await created.json()) as any).id;
    const file = fixturePath(FIXTURES.openHands);
    const first = await cliImport([file, "--run", runId, "--skill", "swe_multilingual", "--step", "12"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("OpenHands output.jsonl, 3 trajectories imported");
    const again = await cliImport([file, "--run", runId, "--skill", "swe_multilingual", "--step", "12"]);
    expect(again.stdout).toContain("OpenHands output.jsonl, 0 trajectories imported, 3 already imported before");
    const list = await api(`/api/v1/runs/${runId}/trajectories?skill=swe_multilingual&stepMin=12&stepMax=12`);
    expect(list.trajectories).toHaveLength(3);
  });

  it("exits 1 and says why for a file of no known format, still importing the others", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-import-bad-"));
    const bad = path.join(dir, "notes.json");
    fs.writeFileSync(bad, JSON.stringify({ a: 1, b: 2, c: 3 }));
    const r = await cliImport([bad, fixturePath(FIXTURES.miniMessagesOnly), "--new", "partly"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/notes\.json: failed: The file is a JSON object with keys a, b, c, which is none of: SWE-agent \.traj/);
    expect(r.stdout).toContain("local.messages-only.traj.json: mini-swe-agent .traj.json, 1 trajectory imported");
    const runId = /Created run (\S+)/.exec(r.stdout)![1];
    expect((await api(`/api/v1/runs/${runId}`)).status).toBe("failed");
    const neither = await cliImport([bad]);
    expect(neither.code).toBe(1);
    expect(neither.stderr).toMatch(/exactly one of --run ID .* or --new NAME/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a file of no known format with --new before creating anything", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-import-refused-"));
    const bad = path.join(dir, "notes.json");
    fs.writeFileSync(bad, JSON.stringify({ a: 1 }));
    const before = (await api("/api/v1/runs")).runs.length;
    const r = await cliImport([bad, "--new", "never-created"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/notes\.json: failed: The file is a JSON object with keys a, which is none of/);
    expect(r.stdout).toContain("No run created");
    expect(r.stdout).not.toContain("Created run");
    const runs = (await api("/api/v1/runs")).runs;
    expect(runs).toHaveLength(before);
    expect(runs.map((run: any) => run.name)).not.toContain("never-created");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("imports a trainer's output folder: verl rollout JSONL, TRL completions parquet and TensorBoard events", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "skillboard-import-folder-"));
    await runPython(
      `${VERL_WRITER}
${TRL_WRITER}
${TENSORBOARD_WRITER}
import os
out = os.environ["OUT"]
for step in (1, 2):
    write_generations(["q1", "q1"], ["a", "b"], [None, None], [1.0, 0.0], {"data_source": ["unit_test", "unit_test"]}, os.path.join(out, "rollout"), step)
write_trl_completions(out, 2, ["p"], ["c"], {"accuracy_reward": [1.0]}, {}, [0.0])
w = SummaryWriter(logdir=os.path.join(out, "tb"))
w.add_scalar("critic/score/mean", 0.5, 1)
w.add_scalar("critic/score/mean", 0.75, 2)
w.close()
`,
      { OUT: dir },
    );
    const r = await cliImport([dir, "--new", "trainer-folder"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const runId = /Created run (\S+)/.exec(r.stdout)![1];
    expect(r.stdout).toContain("rollout/1.jsonl: verl rollout/validation JSONL, 2 trajectories imported");
    expect(r.stdout).toContain("rollout/2.jsonl: verl rollout/validation JSONL, 2 trajectories imported");
    expect(r.stdout).toContain("completions_00002.parquet: TRL completions parquet, 1 trajectory imported");
    expect(r.stdout).toMatch(/events\.out\.tfevents\.\S+: TensorBoard event file, 2 metric points imported/);
    const list = await api(`/api/v1/runs/${runId}/trajectories`);
    expect(list.trajectories.map((t: any) => `${t.skill}@${t.step}`).sort()).toEqual(["imported@2", "unit_test@1", "unit_test@1", "unit_test@2", "unit_test@2"]);
    const metrics = await api(`/api/v1/runs/${runId}/metrics?keys=critic/score/mean`);
    expect(metrics.series["critic/score/mean"].map((p: any) => [p.step, p.value])).toEqual([
      [1, 0.5],
      [2, 0.75],
    ]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
