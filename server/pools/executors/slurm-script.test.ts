import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { slurmPoolSchema } from "@/server/pools/config";
import { tempDir, writeScript } from "@/workers/agent/testing/harness";
import { prefixedArgv, shJoin, shQuote } from "./command";
import type { ExecutorJob } from "./executor";
import { buildSlurmScript, gpuOptions, sbatchOptions } from "./slurm-script";

const pool = (extra: Record<string, unknown> = {}) => slurmPoolSchema.parse({ type: "slurm", partition: "a100", ...extra });
const job = (extra: Partial<ExecutorJob> = {}): ExecutorJob => ({
  runId: "abcd1234",
  runName: "grpo",
  pool: "a100",
  argv: ["python", "train.py", "--out={{run_dir}}/ckpt"],
  env: {},
  cwd: null,
  resources: { gpus: 0 },
  attempt: 1,
  serverRunDir: "/srv/data/work/abcd1234",
  serverUrl: "http://head:3000",
  apiKey: "sbj_secret",
  maybeSubmitted: false,
  ...extra,
});
const dirs = { workDir: "/shared/work", repoDir: "/shared/skillboard", skillboard: ["/shared/skillboard/bin/skillboard"] };

describe("shell quoting", () => {
  it("keeps any value one literal word", () => {
    expect(shQuote("plain-arg_1.txt")).toBe("plain-arg_1.txt");
    expect(shQuote("--x; rm -rf /")).toBe("'--x; rm -rf /'");
    expect(shQuote("it's")).toBe(`'it'\\''s'`);
    expect(shQuote("")).toBe("''");
    const values = ["--x; rm -rf /", "$(touch /tmp/pwned)", "`id`", "a'b\"c", "line1\nline2", "*", "~", "", "&& echo hi", "\\"];
    const out = execFileSync("bash", ["-c", `printf '%s\\0' ${shJoin(values)}`], { encoding: "utf8" });
    expect(out.split("\0").slice(0, -1)).toEqual(values);
  });

  it("sends an ssh prefix one quoted command line and other prefixes separate arguments", () => {
    expect(prefixedArgv(["ssh", "login1"], ["squeue", "--format=%i|%T"])).toEqual(["ssh", "login1", "--", "squeue '--format=%i|%T'"]);
    expect(prefixedArgv(["/usr/bin/ssh", "-q", "login1"], ["scancel", "12"])).toEqual(["/usr/bin/ssh", "-q", "login1", "--", "scancel 12"]);
    expect(prefixedArgv(["sudo", "-u", "svc"], ["squeue", "--format=%i|%T"])).toEqual(["sudo", "-u", "svc", "squeue", "--format=%i|%T"]);
    expect(prefixedArgv([], ["sbatch"])).toEqual(["sbatch"]);
  });
});

describe("sbatch options", () => {
  it("maps a recipe's resources onto the pool's flags, the recipe's time limit over the pool's", () => {
    const p = pool({ account: "rl", qos: "high", timeLimit: "24:00:00", sbatchLines: ["--constraint=a100", "#SBATCH --exclusive"] });
    const r = { gpus: 16, gpusPerNode: 8, nodes: 2, cpus: 32, memory: "512G", timeLimit: "2-00:00:00" };
    expect(sbatchOptions(p, { runId: "abcd1234", resources: r }, "/w/slurm-%j.out")).toEqual([
      "--job-name=sb-abcd1234",
      "--partition=a100",
      "--account=rl",
      "--qos=high",
      "--time=2-00:00:00",
      "--nodes=2",
      "--gpus-per-node=8",
      "--cpus-per-task=32",
      "--mem=512G",
      "--output=/w/slurm-%j.out",
      "--open-mode=append",
      "--constraint=a100",
      "--exclusive",
    ]);
    expect(sbatchOptions(p, { runId: "x", resources: { gpus: 0 } }, "/o")).toContain("--time=24:00:00");
    expect(sbatchOptions(p, { runId: "x", resources: { gpus: 0 }, attempt: 2 }, "/o")[0]).toBe("--job-name=sb-x.2");
  });

  it("asks for GPUs in the pool's style", () => {
    expect(gpuOptions("--gpus", { gpus: 4 })).toEqual(["--gpus=4"]);
    expect(gpuOptions("--gpus", { gpus: 0 })).toEqual([]);
    expect(gpuOptions("--gpus-per-node", { gpus: 16, nodes: 2 })).toEqual(["--gpus-per-node=8"]);
    expect(gpuOptions("--gres=gpu:N", { gpus: 16, nodes: 2 })).toEqual(["--gres=gpu:8"]);
    expect(gpuOptions("--gres=gpu:a100:N", { gpus: 4 })).toEqual(["--gres=gpu:a100:4"]);
  });
});

describe("the job script", () => {
  it("execs the in-job wrapper with every argument single-quoted, the run's folder rendered, and the key only in what sbatch reads", () => {
    const script = buildSlurmScript(pool({ env: { HF_HOME: "/shared/hf cache" } }), job({ env: { WANDB_MODE: "offline" } }), dirs);
    expect(script.outputFile).toBe("/shared/work/abcd1234/slurm-%j.out");
    expect(script.text).toContain("#SBATCH --output=/shared/work/abcd1234/slurm-%j.out\n");
    expect(script.text).toContain("export HF_HOME='/shared/hf cache'\nexport WANDB_MODE=offline\nexport SKILLBOARD_URL=http://head:3000\nexport SKILLBOARD_API_KEY=sbj_secret\n");
    expect(script.text).toContain(
      "exec /shared/skillboard/bin/skillboard exec --run abcd1234 --run-dir /shared/work/abcd1234 --cwd /shared/work/abcd1234 -- python train.py --out=/shared/work/abcd1234/ckpt\n",
    );
    expect(script.shown).not.toContain("sbj_secret");
    expect(script.shown).toContain("export SKILLBOARD_API_KEY='<hidden: the job token of this run>'");
    const withCwd = buildSlurmScript(pool(), job({ cwd: "examples/{{run_dir}}x" }), dirs);
    expect(withCwd.text).toContain("--cwd /shared/skillboard/examples/shared/work/abcd1234x --");
  });

  it("delivers a parameter such as `--x; rm -rf /` to the trainer as one literal argument when bash runs the script", () => {
    const dir = tempDir("script");
    const printer = writeScript(dir, "print-args.js", "require('fs').writeFileSync(process.env.OUT, JSON.stringify(process.argv.slice(2)));\n");
    const hostile = ["--x; rm -rf /", "$(touch " + path.join(dir, "pwned") + ")", "`touch " + path.join(dir, "pwned2") + "`", "it's \"quoted\"", "two\nlines"];
    const script = buildSlurmScript(pool(), job({ argv: hostile }), { ...dirs, skillboard: [process.execPath, printer] });
    const file = path.join(dir, "job.sh");
    fs.writeFileSync(file, script.text);
    const out = path.join(dir, "argv.json");
    execFileSync("bash", [file], { env: { ...process.env, OUT: out } });
    const argv = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(argv.slice(argv.indexOf("--") + 1)).toEqual(hostile);
    expect(fs.existsSync(path.join(dir, "pwned"))).toBe(false);
    expect(fs.existsSync(path.join(dir, "pwned2"))).toBe(false);
  });

  it("refuses an environment variable name the shell cannot export", () => {
    expect(() => buildSlurmScript(pool(), job({ env: { "BAD NAME": "x" } }), dirs)).toThrow(/env: 'BAD NAME' is not a valid environment variable name/);
  });
});
