import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadPoolsConfig, parsePoolsConfig, pollIntervalMs } from "./config";

const FILE = "/etc/skillboard/skillboard.config.yaml";
const parse = (yaml: string, env: Record<string, string> = {}) => parsePoolsConfig(yaml, FILE, env);

describe("pools config", () => {
  it("reads the issue's example, adding the local pool and the defaults", () => {
    const c = parse(`pools:
  a100:
    type: slurm
    partition: a100
    timeLimit: "24:00:00"
    gpusFlag: --gpus
  verl-ray:
    type: ray
    address: http://ray-head:8265
`);
    expect([...c.pools.keys()]).toEqual(["a100", "verl-ray", "local"]);
    expect(c.pools.get("local")).toEqual({ type: "local" });
    expect(c.pools.get("a100")).toMatchObject({ type: "slurm", partition: "a100", timeLimit: "24:00:00", gpusFlag: "--gpus", sbatchLines: [], commandPrefix: [], submitConcurrency: 4 });
    expect(c.pools.get("verl-ray")).toMatchObject({ type: "ray", address: "http://ray-head:8265", headers: {}, runtimeEnv: {} });
    expect(pollIntervalMs(c.pools.get("a100") as never)).toBe(10_000);
    expect(pollIntervalMs(c.pools.get("verl-ray") as never)).toBe(5_000);
  });

  it("names the file and the field of every mistake", () => {
    expect(() => parse("pools:\n  a100:\n    type: slurm\n")).toThrow(`${FILE}: pools.a100.partition: `);
    expect(() => parse("pools:\n  a100:\n    type: slurm\n    partition: a100\n    gpusFlag: --gpu\n")).toThrow(
      `${FILE}: pools.a100.gpusFlag: one of --gpus, --gpus-per-node, --gres=gpu:N or --gres=gpu:<type>:N`,
    );
    expect(() => parse("pools:\n  a100:\n    type: slurm\n    partition: a100\n    timeLimit: forever\n")).toThrow(`${FILE}: pools.a100.timeLimit: a Slurm time limit`);
    expect(() => parse("pools:\n  r:\n    type: ray\n    address: ray-head:8265\n")).toThrow(`${FILE}: pools.r.address: an http(s) URL`);
    expect(() => parse("pools:\n  r:\n    type: kubernetes\n")).toThrow(`${FILE}: pools.r`);
    expect(() => parse("pools:\n  a100:\n    type: slurm\n    partition: a100\n    partiton: b\n")).toThrow(/pools\.a100: Unrecognized key: "partiton"/);
    expect(() => parse("pools:\n  local:\n    type: ray\n    address: http://x:8265\n")).toThrow(`${FILE}: pools.local.type: 'local' is the built-in local pool`);
    expect(() => parse("pools: [\n")).toThrow(`${FILE}: not valid YAML`);
    expect(() => parse("pools:\n  a100:\n    type: slurm\n    partition: a100\n    sbatchLines: [\"--a\\n--b\"]\n")).toThrow("pools.a100.sbatchLines.0: an #SBATCH line must be one line");
  });

  it("fills ${VAR} in Ray headers from the environment, and says which one is missing", () => {
    const yaml = "pools:\n  r:\n    type: ray\n    address: https://ray:8265\n    headers:\n      Authorization: Bearer ${RAY_TOKEN}\n";
    expect((parse(yaml, { RAY_TOKEN: "t0k" }).pools.get("r") as { headers: Record<string, string> }).headers.Authorization).toBe("Bearer t0k");
    expect(() => parse(yaml, {})).toThrow(`${FILE}: pools.r.headers.Authorization: the environment variable RAY_TOKEN is not set`);
  });

  it("checks a Ray pool's runtimeEnv keys it knows (working_dir, pip, env_vars) and passes the others to Ray", () => {
    const ray = (runtimeEnv: string) => parse(`pools:\n  r:\n    type: ray\n    address: http://ray:8265\n    runtimeEnv: ${runtimeEnv}\n`).pools.get("r");
    expect(ray("{working_dir: /srv/code, pip: [verl==0.9.1], env_vars: {HF_HOME: /hf}, py_modules: [s3://b/m.zip]}")).toMatchObject({
      runtimeEnv: { working_dir: "/srv/code", pip: ["verl==0.9.1"], env_vars: { HF_HOME: "/hf" }, py_modules: ["s3://b/m.zip"] },
    });
    expect(ray("{pip: {packages: [verl], pip_check: false}}")).toMatchObject({ runtimeEnv: { pip: { packages: ["verl"], pip_check: false } } });
    expect(() => ray("{env_vars: {HF-HOME: /hf}}")).toThrow(/pools\.r\.runtimeEnv\.env_vars\.HF-HOME: Invalid key/);
    expect(() => ray("{env_vars: {N: 3}}")).toThrow(/pools\.r\.runtimeEnv\.env_vars\.N: /);
    expect(() => ray("{pip: 3}")).toThrow(/pools\.r\.runtimeEnv\.pip: a list of requirements, \{packages: \[\.\.\.\]\}, or a requirements file/);
    expect(() => ray("{working_dir: ''}")).toThrow(/pools\.r\.runtimeEnv\.working_dir: a directory or a URI/);
  });

  it("finds the file: SKILLBOARD_POOLS_FILE, else skillboard.config.yaml in the root, else only local", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "pools-root-"));
    expect(loadPoolsConfig(root, {})).toEqual({ file: null, pools: new Map([["local", { type: "local" }]]) });
    fs.writeFileSync(path.join(root, "skillboard.config.yaml"), "pools:\n  s:\n    type: slurm\n    partition: p\n");
    expect(loadPoolsConfig(root, {}).file).toBe(path.join(root, "skillboard.config.yaml"));
    const missing = path.join(root, "nope.yaml");
    expect(() => loadPoolsConfig(root, { SKILLBOARD_POOLS_FILE: missing })).toThrow(`${missing}: cannot read the pools file (ENOENT)`);
  });
});
