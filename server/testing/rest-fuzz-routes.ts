/**
 * Every REST route for the fuzz test (server/http/rest-fuzz.test.ts): its valid path params, a valid
 * body (mutated one field at a time by the fuzzer) and its query parameters. `covers` names the
 * REST_ROUTES path a concrete MLflow endpoint is served by.
 */

export interface FuzzFixtures {
  adminKey: string;
  sdkKey: string;
  /** Keys of the fuzz that no request may revoke (the admin and SDK keys in use), by id. */
  keyIdsInUse: string[];
  api(pathname: string, body?: unknown, method?: string): Promise<{ status: number; body: any }>;
  /** A new run made with the admin key. */
  newRun(): Promise<string>;
  /** A launched run leased by the fuzz worker: its id and lease token. */
  leasedRun(): Promise<{ runId: string; leaseToken: string }>;
  workerId: string;
  trajectoryId: string;
  experimentId: string;
  newMlflowRun(): Promise<string>;
  newRllmSession(): Promise<string>;
  /** A unique suffix for ids the valid bodies carry (batch ids, names). */
  unique(): string;
}

export interface RouteSetup {
  params?: Record<string, string[]>;
  /** A valid body: called once per request, so batch ids stay unique. */
  valid?: () => unknown;
  query?: { names: string[]; values: string[] };
}

export interface FuzzRoute {
  method: string;
  path: string;
  covers?: string;
  /** rllm routes: the key may come as `X-API-Key` (as rllm sends it). */
  xApiKey?: boolean;
  /**
   * The route may write or remove files in the data folder (trajectory blobs, artifacts): they are
   * listed after every request. Any other route must leave the files as they were, 2xx or not.
   */
  files?: boolean;
  /** Path segments no request may use (the ids of the keys the fuzz uses). */
  avoid?: (f: FuzzFixtures) => string[];
  setup?(f: FuzzFixtures): Promise<RouteSetup> | RouteSetup;
}

const MLFLOW = "/api/2.0/mlflow/:...path";
const ARTIFACTS = "/api/2.0/mlflow-artifacts/:...path";
const TIME = 1_700_000_000_000;

const trajectory = (n: string) => ({
  skill: "editing",
  taskId: `task-${n}`,
  step: 1,
  groupKey: "g1",
  sampleIndex: 0,
  reward: 1,
  passed: true,
  advantage: 0.5,
  turns: [{ role: "user", content: "fix it", toolCalls: [{ name: "edit", arguments: { path: "a.py" } }], observation: "ok", tokens: 3, durationMs: 5 }],
  verifier: { tests: 3 },
  metadata: { model: "m" },
});

const episode = (sessionId: string, n: string) => ({
  episode_id: `ep-${n}`,
  session_id: sessionId,
  session_type: "training",
  step: 1,
  task: { data_source: "gsm8k", question: "q" },
  termination_reason: "ENV_DONE",
  is_correct: true,
  trajectories: [{ uid: `u-${n}`, name: "solver", steps: [{ id: "s1", input: "i", output: "o", action: "a", reward: 1, done: true, metadata: {} }], reward: 1, signals: { acc: 1 }, metadata: {} }],
  artifacts: {},
  metrics: { acc: 1 },
  metadata: {},
});

const runParam = async (f: FuzzFixtures) => ({ id: [await f.newRun()] });

/** A REST v1 run route whose body is `valid(runId)`. */
const runRoute = (method: string, path: string, valid?: (runId: string, f: FuzzFixtures) => unknown, query?: RouteSetup["query"], files?: boolean): FuzzRoute => ({
  method,
  path,
  files,
  async setup(f) {
    const id = await f.newRun();
    return { params: { id: [id] }, valid: valid && (() => valid(id, f)), query };
  },
});

/** An MLflow tracking endpoint; GET endpoints read the query string. */
const mlflow = (method: "GET" | "POST", endpoint: string, setup?: FuzzRoute["setup"]): FuzzRoute => ({ method, path: `/api/2.0/mlflow/${endpoint}`, covers: MLFLOW, setup });

/** REST v1 and the browser session routes. */
export const REST_V1_FUZZ_ROUTES: FuzzRoute[] = [
  // runs
  {
    method: "POST",
    path: "/api/v1/runs",
    setup: (f) => ({
      valid: () => ({ project: "fuzz", name: `run-${f.unique()}`, group: "g", config: { lr: 0.1, skills: ["editing"] }, tags: ["a"], notes: "n", gitCommit: "abc" }),
    }),
  },
  {
    method: "GET",
    path: "/api/v1/runs",
    setup: () => ({
      query: {
        names: ["project", "group", "status", "tag", "search", "limit", "deleted", "include"],
        values: ["fuzz", "default", "running", "queued", "10", "0", "-1", "only", "include", "exclude", "latestPass1"],
      },
    }),
  },
  runRoute("GET", "/api/v1/runs/:id"),
  runRoute("PATCH", "/api/v1/runs/:id", () => ({ name: "renamed", tags: ["x", "y"], notes: "some notes" })),
  runRoute("DELETE", "/api/v1/runs/:id"),
  {
    method: "POST",
    path: "/api/v1/runs/:id/restore",
    async setup(f) {
      const id = await f.newRun();
      await f.api(`/api/v1/runs/${id}`, undefined, "DELETE");
      return { params: { id: [id] } };
    },
  },
  {
    method: "POST",
    path: "/api/v1/runs/:id/purge",
    files: true,
    async setup(f) {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const id = await f.newRun();
        await f.api(`/api/v1/runs/${id}`, undefined, "DELETE");
        ids.push(id);
      }
      return { params: { id: ids } };
    },
  },
  runRoute("POST", "/api/v1/runs/:id/finish", () => ({ status: "succeeded", exitCode: 0, error: null, signal: null })),
  runRoute("POST", "/api/v1/runs/:id/metrics", (_, f) => ({
    batchId: `m-${f.unique()}`,
    points: [
      { key: "train/loss", step: 1, value: 0.5, wallTime: 1_700_000_000 },
      { key: "skill/editing/pass@1", step: 2, value: 1 },
    ],
  })),
  runRoute("GET", "/api/v1/runs/:id/metrics", undefined, { names: ["keys", "maxPoints", "stepMin", "stepMax"], values: ["train/loss", "a,b", "10", "0", "-5"] }),
  runRoute("GET", "/api/v1/runs/:id/metric-keys"),
  runRoute("POST", "/api/v1/runs/:id/evals", (_, f) => ({ batchId: `e-${f.unique()}`, evals: [{ benchmark: "swe_verified", attempt: 0, score: 1, step: 10, wallTime: 1_700_000_000 }] })),
  runRoute("GET", "/api/v1/runs/:id/evals"),
  runRoute("POST", "/api/v1/runs/:id/trajectories", (_, f) => ({ batchId: `t-${f.unique()}`, trajectories: [trajectory(f.unique())] }), undefined, true),
  runRoute("GET", "/api/v1/runs/:id/trajectories", undefined, {
    names: ["skill", "taskId", "taskIdContains", "groupKey", "stepMin", "stepMax", "passed", "rewardMin", "rewardMax", "sort", "dir", "limit", "cursor"],
    values: ["editing", "task-1", "unknown", "true", "false", "reward", "step", "asc", "desc", "0", "1", "10"],
  }),
  runRoute("POST", "/api/v1/runs/:id/import", (_, f) => ({ task_id: `t-${f.unique()}`, reward: 1, messages: [{ role: "user", content: "x" }, { role: "assistant", content: "y" }] }), {
    names: ["fileName", "skill", "step", "format", "offset", "line"],
    values: ["a.jsonl", "chat-jsonl", "swe-agent", "verl-jsonl", "0", "1", "editing"],
  }, true),
  runRoute("POST", "/api/v1/runs/:id/logs", (_, f) => ({ batchId: `l-${f.unique()}`, chunks: [{ stream: "stdout", text: "hello\n" }, { stream: "stderr", text: "warn\n" }] })),
  runRoute("GET", "/api/v1/runs/:id/logs", undefined, { names: ["after", "limit", "cursor", "maxBytes"], values: ["0", "1", "1000", "10000", "-1"] }),
  { method: "GET", path: "/api/v1/trajectories/:id", setup: (f) => ({ params: { id: [f.trajectoryId] } }) },
  runRoute("GET", "/api/v1/runs/:id/events"),
  {
    method: "POST",
    path: "/api/v1/runs/:id/cancel",
    async setup(f) {
      const launched = await f.api("/api/v1/launches", { recipe: "reference-joint-grpo", params: {}, pool: "local" });
      return { params: { id: [launched.body.runs[0].id, await f.newRun()] } };
    },
  },
  {
    method: "POST",
    path: "/api/v1/runs/:id/start",
    async setup(f) {
      const { runId, leaseToken } = await f.leasedRun();
      return { params: { id: [runId] }, valid: () => ({ leaseToken, pid: 1234, gpus: [0] }) };
    },
  },
  {
    method: "POST",
    path: "/api/v1/runs/:id/release",
    async setup(f) {
      const { runId, leaseToken } = await f.leasedRun();
      return { params: { id: [runId] }, valid: () => ({ leaseToken }) };
    },
  },
  runRoute("POST", "/api/v1/runs/:id/scheduler-report", () => ({ event: "started", schedulerId: "123", nodes: "n1", host: "h", pid: 1 })),
  {
    method: "GET",
    path: "/api/v1/runs/:id/job",
    async setup(f) {
      return { params: { id: [(await f.leasedRun()).runId] } };
    },
  },
  // pools, recipes, launches
  { method: "GET", path: "/api/v1/pools" },
  { method: "GET", path: "/api/v1/pools/:name/status", setup: () => ({ params: { name: ["local"] } }) },
  { method: "GET", path: "/api/v1/recipes" },
  {
    method: "POST",
    path: "/api/v1/launches",
    setup: (f) => ({ valid: () => ({ recipe: "reference-joint-grpo", params: { steps: 2 }, project: "fuzz", pool: "local", name: `l-${f.unique()}`, group: "g", tags: ["t"], seeds: 1 }) }),
  },
  // workers
  { method: "GET", path: "/api/v1/workers" },
  {
    method: "POST",
    path: "/api/v1/workers",
    setup: (f) => ({
      valid: () => ({ id: `w-${f.unique()}`, host: "host", pool: "local", labels: ["a"], gpus: [{ index: 0, name: "H100", memoryTotalMiB: 80_000, memoryUsedMiB: 0, utilization: 0 }], maxJobs: 1 }),
    }),
  },
  { method: "POST", path: "/api/v1/workers/:id/lease", setup: (f) => ({ params: { id: [f.workerId] }, valid: () => ({ freeGpus: 0, waitMs: 0 }) }) },
  {
    method: "POST",
    path: "/api/v1/workers/:id/heartbeat",
    async setup(f) {
      const { runId, leaseToken } = await f.leasedRun();
      return {
        params: { id: [f.workerId] },
        valid: () => ({ leases: [{ runId, leaseToken }], gpus: [{ index: 0, name: "H100", memoryTotalMiB: 80_000, memoryUsedMiB: 10, utilization: 50 }] }),
      };
    },
  },
  {
    method: "POST",
    path: "/api/v1/workers/:id/stop",
    async setup(f) {
      const id = `stop-${f.unique()}`;
      await f.api("/api/v1/workers", { id, host: "h", pool: "local" });
      return { params: { id: [id] } };
    },
  },
  // API keys
  { method: "GET", path: "/api/v1/api-keys" },
  { method: "POST", path: "/api/v1/api-keys", setup: (f) => ({ valid: () => ({ name: `k-${f.unique()}`, role: "sdk" }) }) },
  {
    method: "DELETE",
    path: "/api/v1/api-keys/:id",
    avoid: (f) => f.keyIdsInUse,
    async setup(f) {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push(String((await f.api("/api/v1/api-keys", { name: `victim-${i}`, role: "sdk" })).body.id));
      return { params: { id: ids } };
    },
  },
  { method: "GET", path: "/api/v1/audit", setup: () => ({ query: { names: ["limit", "cursor", "action"], values: ["10", "0", "-1", "key.created", "run.deleted", "launch"] } }) },
  // the browser session
  { method: "POST", path: "/api/session", setup: (f) => ({ valid: () => ({ apiKey: f.adminKey }) }) },
  { method: "DELETE", path: "/api/session" },
  {
    method: "GET",
    path: "/api/session/login",
    setup: (f) => ({ query: { names: ["key", "token", "next"], values: [f.adminKey, f.sdkKey, "/", "/runs", "//evil.example", "https://evil.example/", "/\\evil"] } }),
  },
];

/** The doors of other tools' clients: rllm's UI logger and MLflow's tracking and artifact APIs. */
export const FOREIGN_DOOR_FUZZ_ROUTES: FuzzRoute[] = [
  // rllm's UI logger
  {
    method: "POST",
    path: "/api/sessions",
    xApiKey: true,
    setup: (f) => ({ valid: () => ({ project: "fuzz-rllm", experiment: `exp-${f.unique()}`, config: { a: { b: 1 } }, source_metadata: { workflow: "w" }, session_type: "training" }) }),
  },
  { method: "POST", path: "/api/sessions/:id/heartbeat", xApiKey: true, setup: async (f) => ({ params: { id: [await f.newRllmSession()] } }) },
  {
    method: "POST",
    path: "/api/sessions/:id/complete",
    xApiKey: true,
    setup: async (f) => ({ params: { id: [await f.newRllmSession(), await f.newRllmSession()] }, valid: () => ({ status: "completed", exit_code: 0 }) }),
  },
  ...(
    [
      ["/api/metrics", (s: string) => ({ session_id: s, step: 1, data: { "actor/entropy": 0.5, "val/gsm8k/pass@1": 1 } })],
      ["/api/episodes", (s: string, n: string) => episode(s, n)],
      ["/api/episodes/batch", (s: string, n: string) => ({ session_id: s, episodes: [episode(s, n), episode(s, `${n}b`)] })],
      ["/api/trajectory-groups", (s: string, n: string) => ({ session_id: s, step: 1, group_id: `g-${n}`, num_trajectories: 1, avg_reward: 0.5, metadata: [{ episode_id: `ep-${n}` }] })],
      [
        "/api/trajectory-groups/batch",
        (s: string, n: string) => ({ session_id: s, groups: [{ session_id: s, step: 1, group_id: `g-${n}`, num_trajectories: 1, avg_reward: 0.5, metadata: [{ episode_id: "e" }] }] }),
      ],
      ["/api/logs/batch", (s: string) => ({ session_id: s, logs: [{ timestamp: "2024-01-01T00:00:00", stream: "stdout", message: "hi" }] })],
      [
        "/api/eval-results",
        (s: string) => ({
          session_id: s,
          dataset_name: "gsm8k",
          model: "m",
          agent: "a",
          score: 0.5,
          total: 2,
          correct: 1,
          errors: 0,
          signal_averages: { acc: 0.5 },
          items: [{ idx: 0, reward: 1, is_correct: true, error: null, signals: {} }],
          step: 0,
        }),
      ],
    ] as const
  ).map(
    ([path, valid]): FuzzRoute => ({
      method: "POST",
      path,
      xApiKey: true,
      files: path.startsWith("/api/episodes"),
      async setup(f) {
        const session = await f.newRllmSession();
        return { valid: () => valid(session, f.unique()) };
      },
    }),
  ),
  // MLflow tracking
  mlflow("GET", "experiments/get", (f) => ({ query: { names: ["experiment_id"], values: [f.experimentId, "0", "-1"] } })),
  mlflow("GET", "experiments/get-by-name", () => ({ query: { names: ["experiment_name"], values: ["fuzz-exp", "Default"] } })),
  mlflow("POST", "experiments/create", (f) => ({ valid: () => ({ name: `fuzz-exp-${f.unique()}`, artifact_location: "x", tags: [{ key: "k", value: "v" }] }) })),
  mlflow("GET", "experiments/search", () => ({ query: { names: ["max_results", "page_token", "filter", "order_by", "view_type"], values: ["10", "ALL", "name = 'x'", "name"] } })),
  mlflow("POST", "experiments/search", () => ({ valid: () => ({ max_results: 10, filter: "name = 'fuzz-exp'", order_by: ["name"], view_type: "ALL" }) })),
  mlflow("POST", "runs/create", (f) => ({ valid: () => ({ experiment_id: f.experimentId, user_id: "u", run_name: `r-${f.unique()}`, start_time: TIME, tags: [{ key: "k", value: "v" }] }) })),
  mlflow("GET", "runs/get", async (f) => ({ query: { names: ["run_id", "run_uuid"], values: [await f.newMlflowRun()] } })),
  mlflow("POST", "runs/update", async (f) => {
    const run = await f.newMlflowRun();
    return { valid: () => ({ run_id: run, status: "RUNNING", end_time: TIME, run_name: "r" }) };
  }),
  mlflow("POST", "runs/search", (f) => ({
    valid: () => ({ experiment_ids: [f.experimentId], filter: "metrics.loss < 1 and params.lr = '0.1'", run_view_type: "ALL", max_results: 10, order_by: ["start_time DESC"] }),
  })),
  mlflow("POST", "runs/log-batch", async (f) => {
    const run = await f.newMlflowRun();
    return {
      valid: () => ({
        run_id: run,
        metrics: [{ key: "loss", value: 0.5, timestamp: TIME, step: 1 }, { key: "acc", value: "NaN", timestamp: String(TIME), step: "2" }],
        params: [{ key: `p-${f.unique()}`, value: "0.1" }],
        tags: [{ key: "t", value: "v" }],
      }),
    };
  }),
  ...(
    [
      ["runs/log-metric", (run: string) => ({ run_id: run, key: "loss", value: 0.5, timestamp: TIME, step: 1 })],
      ["runs/log-parameter", (run: string, n: string) => ({ run_id: run, key: `p-${n}`, value: "v" })],
      ["runs/set-tag", (run: string) => ({ run_id: run, key: "k", value: "v" })],
      ["runs/delete-tag", (run: string) => ({ run_id: run, key: "k" })],
      ["runs/log-inputs", (run: string) => ({ run_id: run, datasets: [] })],
      ["runs/outputs", (run: string) => ({ run_id: run })],
      ["runs/log-model", (run: string) => ({ run_id: run, model_json: "{}" })],
      ["runs/delete", (run: string) => ({ run_id: run })],
      ["runs/restore", (run: string) => ({ run_id: run })],
    ] as const
  ).map(([endpoint, valid]) =>
    mlflow("POST", endpoint, async (f) => {
      const run = await f.newMlflowRun();
      return { valid: () => valid(run, f.unique()) };
    }),
  ),
  mlflow("POST", "logged-models/search", (f) => ({ valid: () => ({ experiment_ids: [f.experimentId] }) })),
  mlflow("GET", "metrics/get-history", async (f) => ({
    query: { names: ["run_id", "metric_key", "max_results", "page_token"], values: [await f.newMlflowRun(), "loss", "1", "10"] },
  })),
  // Every method of the tracking prefix, on endpoints that are not served.
  ...["GET", "POST", "PUT", "PATCH", "DELETE"].map(
    (method): FuzzRoute => ({
      method,
      path: "/api/2.0/mlflow/:endpoint",
      covers: MLFLOW,
      setup: () => ({ params: { endpoint: ["runs/nope", "experiments/delete", "runs", "", "runs/log-batch/x"] }, valid: () => ({ run_id: "x" }) }),
    }),
  ),
  // MLflow artifacts
  {
    method: "GET",
    path: "/api/2.0/mlflow-artifacts/artifacts",
    covers: ARTIFACTS,
    async setup(f) {
      const run = await f.newMlflowRun();
      return { query: { names: ["path"], values: [`${f.experimentId}/${run}/artifacts`, `${f.experimentId}/${run}/artifacts/a.txt`, `${f.experimentId}/${run}`, "../.."] } };
    },
  },
  ...["PUT", "GET", "DELETE"].map(
    (method): FuzzRoute => ({
      method,
      path: "/api/2.0/mlflow-artifacts/artifacts/:experiment/:run/artifacts/:file",
      covers: ARTIFACTS,
      files: method !== "GET",
      async setup(f) {
        const run = await f.newMlflowRun();
        if (method !== "PUT") await fetchArtifactFixture(f, run);
        return {
          params: { experiment: [f.experimentId], run: [run], file: ["a.txt", "val_step1.json", "dir/b.json"] },
          valid: () => [{ input: "q", output: "a", score: 1, step: 1 }],
        };
      },
    }),
  ),
  ...["POST", "PATCH"].map((method): FuzzRoute => ({ method, path: "/api/2.0/mlflow-artifacts/:rest", covers: ARTIFACTS, setup: () => ({ params: { rest: ["artifacts", "artifacts/1/x/artifacts/a.txt"] } }) })),
];

export const FUZZ_ROUTES = [...REST_V1_FUZZ_ROUTES, ...FOREIGN_DOOR_FUZZ_ROUTES];

async function fetchArtifactFixture(f: FuzzFixtures, run: string) {
  await f.api(`/api/2.0/mlflow-artifacts/artifacts/${f.experimentId}/${run}/artifacts/a.txt`, "hello", "PUT");
}
