import type { Db } from "@/db";
import type { RunStatus } from "@/db/schema";
import { FINAL_RUN_STATUSES } from "@/db/schema";
import { updateRun } from "../runs/edit";
import { createRun, finishRun, getRun, listRuns, requireRunRow, type FinalStatus, type RunView } from "../runs/service";
import { doesNotExist, invalidParameter } from "./errors";
import { experimentIdOf, requireExperimentProject, DEFAULT_EXPERIMENT_ID } from "./experiments";
import { latestMetrics, type MlflowMetric } from "./metrics";
import { pageOf, readPageToken } from "./page-token";
import { configToParams } from "./params";
import { saveTaggedRun, taggedRunOf } from "./run-record";
import { matchesClause, parseFilter, type FilterClause } from "./search-filter";
import { applyTags, RUN_NAME_TAG, runTags, type MlflowTag } from "./tags";
import type { TagInput } from "./inputs";
import { getProjectById } from "../projects/service";

export type MlflowRunStatus = "RUNNING" | "SCHEDULED" | "FINISHED" | "FAILED" | "KILLED";

const STATUS_TO_MLFLOW: Record<RunStatus, MlflowRunStatus> = {
  queued: "SCHEDULED",
  starting: "SCHEDULED",
  running: "RUNNING",
  succeeded: "FINISHED",
  failed: "FAILED",
  lost: "FAILED",
  canceled: "KILLED",
};
const MLFLOW_TO_FINAL: Partial<Record<MlflowRunStatus, FinalStatus>> = { FINISHED: "succeeded", FAILED: "failed", KILLED: "canceled" };

export interface MlflowRunInfo {
  run_id: string;
  run_uuid: string;
  run_name: string;
  experiment_id: string;
  user_id: string;
  status: MlflowRunStatus;
  start_time: number;
  end_time?: number;
  artifact_uri: string;
  lifecycle_stage: "active" | "deleted";
}

export interface MlflowRun {
  info: MlflowRunInfo;
  data: { metrics: MlflowMetric[]; params: { key: string; value: string }[]; tags: MlflowTag[] };
  inputs: Record<string, never>;
}

/** The run's artifacts are proxied by this server: the client uploads to `/api/2.0/mlflow-artifacts/artifacts/<experiment>/<run>/artifacts/…`. */
export const artifactUriOf = (experimentId: string, runId: string) => `mlflow-artifacts:/${experimentId}/${runId}/artifacts`;

function experimentIdOfRun(db: Db, run: RunView): string {
  const project = getProjectById(db, requireRunRow(db, run.id).projectId)!;
  return experimentIdOf(project);
}

export function toRunInfo(db: Db, run: RunView, experimentId = experimentIdOfRun(db, run)): MlflowRunInfo {
  const start = Date.parse(run.startedAt ?? run.createdAt);
  const info: MlflowRunInfo = {
    run_id: run.id,
    run_uuid: run.id,
    run_name: run.name,
    experiment_id: experimentId,
    user_id: "",
    status: STATUS_TO_MLFLOW[run.status],
    start_time: start,
    artifact_uri: artifactUriOf(experimentId, run.id),
    lifecycle_stage: run.deletedAt ? "deleted" : "active",
  };
  if (run.endedAt) info.end_time = Date.parse(run.endedAt);
  return info;
}

export function toMlflowRun(db: Db, run: RunView, experimentId?: string): MlflowRun {
  const pk = requireRunRow(db, run.id).pk;
  return {
    info: toRunInfo(db, run, experimentId),
    data: { metrics: latestMetrics(db, pk), params: configToParams(run.config), tags: runTags(run) },
    inputs: {},
  };
}

/** An MLflow run id names a Skillboard run; RESOURCE_DOES_NOT_EXIST otherwise. */
export function requireMlflowRun(db: Db, runId: string | undefined): RunView {
  if (!runId) throw invalidParameter("Missing value for required parameter 'run_id'.");
  try {
    return getRun(db, runId);
  } catch {
    throw doesNotExist(`Run '${runId}' not found`);
  }
}

export function createMlflowRun(db: Db, input: { experiment_id?: string; run_name?: string; tags: TagInput[] }): MlflowRun {
  return db.transaction(() => {
    const project = requireExperimentProject(db, input.experiment_id || DEFAULT_EXPERIMENT_ID);
    const nameTag = input.tags.find((t) => t.key === RUN_NAME_TAG)?.value;
    const name = (input.run_name || nameTag || "").trim().slice(0, 200) || undefined;
    const { run } = createRun(db, { project: project.name, name });
    if (input.tags.length) {
      const before = taggedRunOf(db, run.id);
      saveTaggedRun(db, run.id, before, applyTags(before, input.tags.filter((t) => t.key !== RUN_NAME_TAG)));
    }
    return toMlflowRun(db, getRun(db, run.id), experimentIdOf(project));
  });
}

/** Renames and ends runs: FINISHED / FAILED / KILLED finish the run (succeeded / failed / canceled) through the runs domain. */
export function updateMlflowRun(db: Db, runId: string, input: { status?: MlflowRunStatus; run_name?: string }): { run_info: MlflowRunInfo } {
  return db.transaction(() => {
    requireMlflowRun(db, runId);
    if (input.run_name?.trim()) updateRun(db, runId, { name: input.run_name.trim().slice(0, 200) });
    const final = input.status && MLFLOW_TO_FINAL[input.status];
    // A run Skillboard launched is ended by its worker, which sees the exit code (as the SDK's finish() leaves
    // a managed run alone); a run that already ended keeps its end.
    if (final && !isLaunched(db, runId) && !FINAL_RUN_STATUSES.includes(getRun(db, runId).status)) finishRun(db, runId, { status: final });
    return { run_info: toRunInfo(db, getRun(db, runId)) };
  });
}

/** Whether the run has a job: Skillboard launched it and its worker (or cluster pool) owns its status. */
export function isLaunched(db: Db, runId: string): boolean {
  return db.$client.prepare("SELECT 1 FROM jobs WHERE run_pk = ?").get(requireRunRow(db, runId).pk) !== undefined;
}

export function setMlflowTags(db: Db, runId: string, tags: TagInput[]): void {
  requireMlflowRun(db, runId);
  const before = taggedRunOf(db, runId);
  saveTaggedRun(db, runId, before, applyTags(before, tags));
}

// ---- search ---------------------------------------------------------------------------------

const ATTRIBUTES: Record<string, (info: MlflowRunInfo) => string | number | undefined> = {
  run_id: (i) => i.run_id,
  run_name: (i) => i.run_name,
  status: (i) => i.status,
  start_time: (i) => i.start_time,
  end_time: (i) => i.end_time,
  artifact_uri: (i) => i.artifact_uri,
  user_id: (i) => i.user_id,
  lifecycle_stage: (i) => i.lifecycle_stage,
};

function valueOf(run: MlflowRun, entity: FilterClause["entity"], key: string): string | number | undefined {
  if (entity === "attribute") {
    const read = ATTRIBUTES[key === "run_uuid" ? "run_id" : key];
    if (!read) throw invalidParameter(`Invalid attribute key '${key}': use one of ${Object.keys(ATTRIBUTES).join(", ")}.`);
    return read(run.info);
  }
  const list = entity === "metric" ? run.data.metrics : entity === "param" ? run.data.params : run.data.tags;
  return list.find((x) => x.key === key)?.value;
}

function runOrder(orderBy: string[]) {
  const keys = orderBy.map((clause) => {
    const m = clause.trim().match(/^(?:(attributes?|attr|run|metrics?|params?|tags?)\.)?(`[^`]+`|"[^"]+"|[\w./:-]+?)(?:\s+(ASC|DESC))?$/i);
    if (!m) throw invalidParameter(`Invalid order_by clause '${clause}'.`);
    const word = (m[1] ?? "attribute").toLowerCase();
    const entity: FilterClause["entity"] = word.startsWith("metric") ? "metric" : word.startsWith("param") ? "param" : word.startsWith("tag") ? "tag" : "attribute";
    return { entity, key: m[2].replace(/^[`"]|[`"]$/g, ""), desc: m[3]?.toUpperCase() === "DESC" };
  });
  if (!keys.length) keys.push({ entity: "attribute", key: "start_time", desc: true });
  keys.push({ entity: "attribute", key: "run_id", desc: false });
  return (a: MlflowRun, b: MlflowRun) => {
    for (const { entity, key, desc } of keys) {
      const x = valueOf(a, entity, key);
      const y = valueOf(b, entity, key);
      if (x === y) continue;
      // Runs without the value sort last, as in MLflow.
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      if (x < y) return desc ? 1 : -1;
      return desc ? -1 : 1;
    }
    return 0;
  };
}

export function searchMlflowRuns(
  db: Db,
  q: { experiment_ids: string[]; filter?: string; run_view_type: "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL"; max_results: number; order_by: string[]; page_token?: string },
): { runs: MlflowRun[]; next_page_token?: string } {
  const clauses = parseFilter(q.filter);
  const deleted = q.run_view_type === "ACTIVE_ONLY" ? "exclude" : q.run_view_type === "DELETED_ONLY" ? "only" : "include";
  const order = runOrder(q.order_by);
  const matched: MlflowRun[] = [];
  for (const experimentId of new Set(q.experiment_ids)) {
    const project = requireExperimentProject(db, experimentId);
    for (const run of listRuns(db, { project: project.name, deleted, limit: 100_000 })) {
      const mlflowRun = toMlflowRun(db, run, experimentIdOf(project));
      if (clauses.every((c) => matchesClause(valueOf(mlflowRun, c.entity, c.key), c))) matched.push(mlflowRun);
    }
  }
  matched.sort(order);
  const { page, nextPageToken } = pageOf(matched, readPageToken(q.page_token), q.max_results);
  return nextPageToken ? { runs: page, next_page_token: nextPageToken } : { runs: page };
}
