/**
 * The REST v1 wire types the SDK sends and reads. Declared here rather than
 * imported from the server so the SDK stays a standalone package.
 */

export type RunStatus = "queued" | "starting" | "running" | "succeeded" | "failed" | "canceled" | "lost";
export type FinalRunStatus = "succeeded" | "failed" | "canceled";

export interface CreateRunBody {
  /** Client-chosen id (`^[A-Za-z0-9][A-Za-z0-9_-]{3,63}$`): creating the same id again returns the stored run. */
  id?: string;
  project?: string;
  name?: string;
  group?: string;
  config?: Record<string, unknown>;
  tags?: string[];
  notes?: string;
  gitCommit?: string;
}

export interface RunView {
  id: string;
  project: string;
  group: string | null;
  name: string;
  recipe: string | null;
  config: Record<string, unknown>;
  status: RunStatus;
  pool: string | null;
  workerId: string | null;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  updatedAt: string;
  durationMs: number | null;
  exitCode: number | null;
  error: string | null;
  tags: string[];
  notes: string | null;
  gitCommit: string | null;
  /** When the run was moved to the trash; null while it is not. */
  deletedAt: string | null;
}

/** `PATCH /api/v1/runs/{id}`: only the fields given change; `tags` replaces the list, `notes: ""` clears them. */
export interface UpdateRunBody {
  name?: string;
  tags?: string[];
  notes?: string | null;
}

export interface FinishRunBody {
  status: FinalRunStatus;
  exitCode?: number | null;
  error?: string | null;
}

export interface MetricPoint {
  key: string;
  step: number;
  value: number;
  /** Seconds since the epoch. */
  wallTime?: number;
}

export interface EvalAttempt {
  benchmark: string;
  attempt: number;
  score: number;
  step: number;
  wallTime?: number;
}

export interface ToolCall {
  name: string;
  arguments: unknown;
}

export interface TrajectoryTurn {
  role: string;
  content?: unknown;
  toolCalls?: ToolCall[];
  observation?: unknown;
  tokens?: number;
  durationMs?: number;
  [extra: string]: unknown;
}

/** The trajectory JSON of ARCHITECTURE.md; unknown fields are kept by the server. */
export interface Trajectory {
  skill: string;
  taskId: string;
  step: number;
  groupKey?: string | null;
  sampleIndex?: number | null;
  reward: number;
  /** null: the outcome is unknown (never counted as a failure). */
  passed: boolean | null;
  advantage?: number | null;
  turns: TrajectoryTurn[];
  verifier?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  [extra: string]: unknown;
}

export type LogStream = "stdout" | "stderr";

export interface LogChunkInput {
  stream: LogStream;
  text: string;
}

/** One logged step: its metrics' values keyed by name. */
export interface MetricStep {
  step: number;
  /** Seconds since the epoch. */
  wallTime?: number;
  values: Record<string, number>;
}

/** A metric batch: `points`, or `steps` (what the SDKs send: about half the bytes). */
export type MetricBatchBody = { batchId: string; points: MetricPoint[] } | { batchId: string; steps: MetricStep[] };
export interface EvalBatchBody {
  batchId: string;
  evals: EvalAttempt[];
}
export interface TrajectoryBatchBody {
  batchId: string;
  trajectories: Trajectory[];
}
export interface LogBatchBody {
  batchId: string;
  chunks: LogChunkInput[];
}

/** The request bodies of `POST /api/v1/runs/<id>/<kind>`, by kind: the lines of a spool's batches.jsonl. */
export interface AppendBodies {
  metrics: MetricBatchBody;
  evals: EvalBatchBody;
  trajectories: TrajectoryBatchBody;
  logs: LogBatchBody;
  finish: FinishRunBody;
}
export type AppendKind = keyof AppendBodies;
export const APPEND_KINDS: readonly AppendKind[] = ["metrics", "evals", "trajectories", "logs", "finish"];

/** One append request; also one line of a spool's batches.jsonl. */
export type AppendRequest = { [K in AppendKind]: { kind: K; body: AppendBodies[K] } }[AppendKind];

export interface AppendResult {
  batchId: string;
  /** True when the server had already stored this batch id (a retry); nothing was written again. */
  duplicate: boolean;
  accepted: number;
}

export interface SeriesPoint {
  step: number;
  value: number;
  min: number;
  max: number;
  wallTime: number | null;
}

export interface MetricKeySummary {
  key: string;
  count: number;
  minStep: number;
  maxStep: number;
  lastValue: number;
}

export interface AvgAtK {
  step: number;
  avg: number;
  min: number;
  max: number;
  std: number;
  attempts: number;
}

export interface TrajectoryIndexRow {
  id: number;
  runId: string;
  step: number;
  skill: string;
  taskId: string;
  groupKey: string | null;
  sampleIndex: number | null;
  reward: number;
  /** null: the outcome is unknown. */
  passed: boolean | null;
  advantage: number | null;
  numSteps: number;
  tokens: number | null;
  durationMs: number | null;
  sizeBytes: number;
}

export interface LogChunk {
  seq: number;
  stream: LogStream;
  text: string;
  createdAt: number;
}
