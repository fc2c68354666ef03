import { describe, expect, it } from "vitest";
import { allowedWorkerEnv, jobEnv, parsePassEnv } from "./job-env";
import type { LeasedJob } from "./worker-api";

const workerEnv = {
  PATH: "/usr/bin",
  HOME: "/home/w",
  LC_ALL: "C.UTF-8",
  CUDA_HOME: "/usr/local/cuda",
  HF_TOKEN: "hf_x",
  AWS_SECRET_ACCESS_KEY: "secret",
  GITHUB_TOKEN: "ghp_x",
  SKILLBOARD_API_KEY: "sk_worker",
  WANDB_API_KEY: "w",
  MY_TEAM_A: "a",
  MY_TEAM_B: "b",
} as unknown as NodeJS.ProcessEnv;

describe("the environment a job inherits from its worker", () => {
  it("is the allow-list (names and PREFIX*), never the worker's other variables", () => {
    expect(allowedWorkerEnv(workerEnv)).toEqual({ PATH: "/usr/bin", HOME: "/home/w", LC_ALL: "C.UTF-8", CUDA_HOME: "/usr/local/cuda", HF_TOKEN: "hf_x" });
  });

  it("takes the operator's extra names and prefixes", () => {
    const env = allowedWorkerEnv(workerEnv, parsePassEnv(["WANDB_API_KEY", "MY_TEAM_*"]));
    expect(env).toMatchObject({ WANDB_API_KEY: "w", MY_TEAM_A: "a", MY_TEAM_B: "b" });
    expect(env.AWS_SECRET_ACCESS_KEY).toBeUndefined();
  });

  it("splits comma- and space-separated lists and refuses what is not a name or PREFIX*", () => {
    expect(parsePassEnv(["A,B C*", " ", "D"])).toEqual(["A", "B", "C*", "D"]);
    expect(() => parsePassEnv(["*"])).toThrow("--pass-env: '*' is not an environment variable name or a PREFIX*");
    expect(() => parsePassEnv(["A-B"], "SKILLBOARD_PASS_ENV")).toThrow(/^SKILLBOARD_PASS_ENV: 'A-B'/);
    expect(() => parsePassEnv(["A*B"])).toThrow(/'A\*B'/);
  });

  it("gets the recipe's env over it, then SKILLBOARD_* with the job token as its key", () => {
    const job = { runId: "r1", env: { HOME: "/recipe", SKILLBOARD_API_KEY: "from the recipe" }, jobToken: "sbj_token" } as unknown as LeasedJob;
    const env = jobEnv(job, [1], { baseEnv: allowedWorkerEnv(workerEnv, ["SKILLBOARD_*"]), url: "http://s", hostHasGpus: true });
    expect(env).toMatchObject({ HOME: "/recipe", SKILLBOARD_API_KEY: "sbj_token", SKILLBOARD_RUN_ID: "r1", SKILLBOARD_URL: "http://s", CUDA_VISIBLE_DEVICES: "1" });
    const noToken = jobEnv({ ...job, jobToken: undefined, env: {} }, [], { baseEnv: { SKILLBOARD_API_KEY: "sk_worker" } as unknown as NodeJS.ProcessEnv, url: "http://s", hostHasGpus: false });
    expect(noToken.SKILLBOARD_API_KEY).toBeUndefined();
  });
});
