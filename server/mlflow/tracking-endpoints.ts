import { deleteRun, restoreRun } from "../runs/trash";
import { audited } from "../audit/record";
import { runAudit } from "../audit/targets";
import { invalidParameter } from "./errors";
import { createExperiment, getExperimentByName, requireExperimentProject, searchExperiments, toExperiment } from "./experiments";
import * as inputs from "./inputs";
import { logMlflowBatch } from "./log-batch";
import { metricHistory } from "./metrics";
import { parseMlflow, type MlflowRequest } from "./request";
import { createMlflowRun, requireMlflowRun, searchMlflowRuns, setMlflowTags, toMlflowRun, updateMlflowRun } from "./runs";
import { saveTaggedRun, taggedRunOf } from "./run-record";
import { deleteTag } from "./tags";

export interface TrackingEndpoint {
  methods: readonly ("GET" | "POST")[];
  access: "read" | "write" | "admin";
  handle(r: MlflowRequest): Promise<unknown> | unknown;
}

const runIdOf = (input: { run_id?: string; run_uuid?: string }) => {
  const id = input.run_id ?? input.run_uuid;
  if (!id) throw invalidParameter("Missing value for required parameter 'run_id'.");
  return id;
};

const GET = ["GET"] as const;
const POST = ["POST"] as const;

/** The tracking endpoints served, by path under `/api/2.0/mlflow/`. Anything else is ENDPOINT_NOT_FOUND. */
export const TRACKING_ENDPOINTS: Record<string, TrackingEndpoint> = {
  "experiments/get": {
    methods: GET,
    access: "read",
    handle: async ({ app, input }) => ({ experiment: toExperiment(requireExperimentProject(app.db, parseMlflow(inputs.getExperimentInput, await input()).experiment_id)) }),
  },
  "experiments/get-by-name": {
    methods: GET,
    access: "read",
    handle: async ({ app, input }) => ({ experiment: getExperimentByName(app.db, parseMlflow(inputs.getExperimentByNameInput, await input()).experiment_name) }),
  },
  "experiments/create": {
    methods: POST,
    access: "write",
    handle: async ({ app, input }) => createExperiment(app.db, parseMlflow(inputs.createExperimentInput, await input()).name),
  },
  "experiments/search": {
    methods: ["GET", "POST"],
    access: "read",
    handle: async ({ app, input }) => searchExperiments(app.db, parseMlflow(inputs.searchExperimentsInput, await input())),
  },
  "runs/create": {
    methods: POST,
    access: "write",
    handle: async ({ app, input }) => ({ run: createMlflowRun(app.db, parseMlflow(inputs.createRunInput, await input())) }),
  },
  "runs/get": {
    methods: GET,
    access: "read",
    handle: async ({ app, input }) => ({ run: toMlflowRun(app.db, requireMlflowRun(app.db, runIdOf(parseMlflow(inputs.runIdInput, await input())))) }),
  },
  "runs/update": {
    methods: POST,
    access: "write",
    handle: async ({ app, input }) => {
      const q = parseMlflow(inputs.updateRunInput, await input());
      return updateMlflowRun(app.db, runIdOf(q), q);
    },
  },
  "runs/search": {
    methods: POST,
    access: "read",
    handle: async ({ app, input }) => searchMlflowRuns(app.db, parseMlflow(inputs.searchRunsInput, await input())),
  },
  "runs/log-batch": {
    methods: POST,
    access: "write",
    handle: async ({ app, input }) => logMlflowBatch(app.db, await input()),
  },
  "runs/log-metric": {
    methods: POST,
    access: "write",
    handle: async ({ app, input }) => {
      const { run_id, run_uuid, ...metric } = parseMlflow(inputs.logMetricInput, await input());
      return logMlflowBatch(app.db, { run_id: run_id ?? run_uuid, metrics: [metric] });
    },
  },
  "runs/log-parameter": {
    methods: POST,
    access: "write",
    handle: async ({ app, input }) => {
      const { run_id, run_uuid, ...param } = parseMlflow(inputs.logParamInput, await input());
      return logMlflowBatch(app.db, { run_id: run_id ?? run_uuid, params: [param] });
    },
  },
  "runs/set-tag": {
    methods: POST,
    access: "write",
    handle: async ({ app, input }) => {
      const q = parseMlflow(inputs.setTagInput, await input());
      app.db.transaction(() => setMlflowTags(app.db, runIdOf(q), [{ key: q.key, value: q.value }]));
      return {};
    },
  },
  "runs/delete-tag": {
    methods: POST,
    access: "write",
    handle: async ({ app, input }) => {
      const q = parseMlflow(inputs.deleteTagInput, await input());
      const runId = runIdOf(q);
      app.db.transaction(() => {
        requireMlflowRun(app.db, runId);
        const before = taggedRunOf(app.db, runId);
        saveTaggedRun(app.db, runId, before, deleteTag(before, runId, q.key));
      });
      return {};
    },
  },
  // Datasets, logged models and model outputs have no home in Skillboard: the calls the client makes
  // around start_run/end_run/log_model are acknowledged (for a run that exists) and not stored.
  "runs/log-inputs": { methods: POST, access: "write", handle: async ({ app, input }) => acknowledge(app, await input()) },
  "runs/outputs": { methods: POST, access: "write", handle: async ({ app, input }) => acknowledge(app, await input()) },
  "runs/log-model": { methods: POST, access: "write", handle: async ({ app, input }) => acknowledge(app, await input()) },
  // The client's list_artifacts also looks for models logged by the run: there are none here.
  "logged-models/search": { methods: POST, access: "read", handle: () => ({ models: [] }) },
  "runs/delete": {
    methods: POST,
    access: "admin",
    handle: async ({ app, principal, input }) => {
      const id = requireMlflowRun(app.db, runIdOf(parseMlflow(inputs.runIdInput, await input()))).id;
      audited(app.db, principal, "run.delete", () => deleteRun(app.db, id), (run) => runAudit(run, { via: "mlflow" }));
      return {};
    },
  },
  "runs/restore": {
    methods: POST,
    access: "admin",
    handle: async ({ app, principal, input }) => {
      const id = requireMlflowRun(app.db, runIdOf(parseMlflow(inputs.runIdInput, await input()))).id;
      audited(app.db, principal, "run.restore", () => restoreRun(app.db, id), (run) => runAudit(run, { via: "mlflow" }));
      return {};
    },
  },
  "metrics/get-history": {
    methods: GET,
    access: "read",
    handle: async ({ app, input }) => {
      const q = parseMlflow(inputs.getMetricHistoryInput, await input());
      const run = requireMlflowRun(app.db, runIdOf(q));
      return metricHistory(app.db, run.id, q.metric_key, { maxResults: q.max_results, pageToken: q.page_token });
    },
  },
};

function acknowledge(app: MlflowRequest["app"], input: Record<string, unknown>) {
  requireMlflowRun(app.db, runIdOf(parseMlflow(inputs.runIdInput, input)));
  return {};
}
