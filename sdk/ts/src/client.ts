import type {
  AppendBodies,
  AppendKind,
  AppendResult,
  AvgAtK,
  CreateRunBody,
  EvalBatchBody,
  FinishRunBody,
  LogBatchBody,
  LogChunk,
  MetricBatchBody,
  MetricKeySummary,
  RunStatus,
  RunView,
  UpdateRunBody,
  SeriesPoint,
  TrajectoryBatchBody,
  TrajectoryIndexRow,
} from "./types";

/** The server answered with an error status; `code` and `message` come from its `{error: {code, message}}` body. */
export class SkillboardHttpError extends Error {
  readonly name = "SkillboardHttpError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** From a `Retry-After` header (429/503), in milliseconds. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** The request never got an HTTP answer: connection refused or reset, DNS failure, or timeout. */
export class SkillboardNetworkError extends Error {
  readonly name = "SkillboardNetworkError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Whether a failed request may succeed if sent again: no answer, 408, 429 or 5xx. Other 4xx are final. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof SkillboardNetworkError) return true;
  if (error instanceof SkillboardHttpError) return error.status === 408 || error.status === 429 || error.status >= 500;
  return false;
}

export interface SkillboardClientOptions {
  /** Server base URL, e.g. `http://localhost:3000`. */
  url: string;
  apiKey?: string;
  /** Per-request timeout; a request that times out is a `SkillboardNetworkError`. Default 30 s. */
  timeoutMs?: number;
  /** A fetch implementation; default the global one. */
  fetch?: typeof fetch;
}

export interface ListRunsFilter {
  project?: string;
  group?: string;
  status?: RunStatus;
  tag?: string;
  search?: string;
  limit?: number;
  /** Runs in the trash: left out by default; `only` them, or `include`d. */
  deleted?: "exclude" | "only" | "include";
}

export interface RunsPage {
  runs: RunView[];
  nextCursor: string | null;
  /** Runs of the project (or of the trash, with `deleted: "only"`). */
  total: number;
  /** Those passing the filters. */
  matched: number;
}

export interface MetricsQuery {
  keys: string[];
  maxPoints?: number;
  stepMin?: number;
  stepMax?: number;
}

export interface TrajectoriesQuery {
  skill?: string;
  taskId?: string;
  stepMin?: number;
  stepMax?: number;
  passed?: boolean;
  limit?: number;
  cursor?: string;
}

type Query = Record<string, string | number | boolean | undefined>;

/** A typed client for Skillboard's REST v1. Every method throws `SkillboardHttpError` or `SkillboardNetworkError`. */
export class SkillboardClient {
  readonly url: string;
  private readonly apiKey?: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(options: SkillboardClientOptions) {
    this.url = options.url.replace(/\/+$/, "");
    this.apiKey = options.apiKey || undefined;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
  }

  /** Any REST v1 request: `path` is relative to `/api/v1`, e.g. `/runs/abc/metrics`. */
  async request<T>(method: string, path: string, body?: unknown, query?: Query, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<T> {
    const url = new URL(`${this.url}/api/v1${path}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.apiKey) headers.authorization = `Bearer ${this.apiKey}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    let res: Response;
    try {
      res = await this.fetchImpl(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: opts.signal
          ? AbortSignal.any([opts.signal, AbortSignal.timeout(opts.timeoutMs ?? this.timeoutMs)])
          : AbortSignal.timeout(opts.timeoutMs ?? this.timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why =
        (error as Error).name === "TimeoutError"
          ? `no answer within ${this.timeoutMs} ms`
          : (cause?.code ?? cause?.message ?? (error as Error).message);
      throw new SkillboardNetworkError(`${method} ${url.pathname}: cannot reach ${this.url} (${why})`, { cause: error });
    }
    let text: string;
    try {
      text = await res.text();
    } catch (error) {
      throw new SkillboardNetworkError(`${method} ${url.pathname}: the connection broke while reading the answer`, {
        cause: error,
      });
    }
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      if (res.ok) throw new SkillboardHttpError(res.status, "bad_response", `${method} ${url.pathname}: the answer is not JSON`);
    }
    if (!res.ok) {
      const err = (parsed as { error?: { code?: string; message?: string } } | null)?.error;
      const retryAfter = Number(res.headers.get("retry-after"));
      throw new SkillboardHttpError(
        res.status,
        err?.code ?? `http_${res.status}`,
        err?.message ?? `${method} ${url.pathname}: HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ""}`,
        Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : undefined,
      );
    }
    return parsed as T;
  }

  private runPath(runId: string, suffix = "") {
    return `/runs/${encodeURIComponent(runId)}${suffix}`;
  }

  // Runs

  /** Creates a run (201), or returns the stored one when `id` already exists. */
  createRun(body: CreateRunBody): Promise<RunView> {
    return this.request("POST", "/runs", body);
  }

  getRun(runId: string): Promise<RunView> {
    return this.request("GET", this.runPath(runId));
  }

  /** The first page of runs (`limit`, default 1000), newest first: `listRunsPage` and `iterateRuns` go past it. */
  async listRuns(filter: ListRunsFilter = {}): Promise<RunView[]> {
    return (await this.listRunsPage(filter)).runs;
  }

  /** One page of runs; pass its `nextCursor` as `cursor` for the next (null after the last). */
  listRunsPage(filter: ListRunsFilter & { cursor?: string } = {}): Promise<RunsPage> {
    return this.request("GET", "/runs", undefined, { ...filter });
  }

  /** Every run the filter matches, page by page (`limit` runs a request), however many there are. */
  async *iterateRuns(filter: ListRunsFilter = {}): AsyncGenerator<RunView> {
    let cursor: string | undefined;
    do {
      const page = await this.listRunsPage({ ...filter, cursor });
      yield* page.runs;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /** Renames, re-tags or annotates a run (admin or SDK key). */
  updateRun(runId: string, body: UpdateRunBody): Promise<RunView> {
    return this.request("PATCH", this.runPath(runId), body);
  }

  /** Moves a run to the trash (admin key; 409 while it is queued or running). Its data is kept. */
  deleteRun(runId: string): Promise<RunView> {
    return this.request("DELETE", this.runPath(runId));
  }

  /** Takes a run out of the trash (admin key). */
  restoreRun(runId: string): Promise<RunView> {
    return this.request("POST", this.runPath(runId, "/restore"));
  }

  /** Ends a run; the same status again is a no-op, another one is a 409. */
  finishRun(runId: string, body: FinishRunBody): Promise<RunView> {
    return this.request("POST", this.runPath(runId, "/finish"), body);
  }

  // Appends: each carries a client-generated batchId, so sending it again stores nothing twice.

  /** `POST /api/v1/runs/<runId>/<kind>`: the route a spool line names. */
  post<K extends AppendKind>(kind: K, runId: string, body: AppendBodies[K]): Promise<K extends "finish" ? RunView : AppendResult> {
    return this.request("POST", this.runPath(runId, `/${kind}`), body);
  }

  appendMetrics(runId: string, body: MetricBatchBody): Promise<AppendResult> {
    return this.post("metrics", runId, body);
  }

  appendEvals(runId: string, body: EvalBatchBody): Promise<AppendResult> {
    return this.post("evals", runId, body);
  }

  appendTrajectories(runId: string, body: TrajectoryBatchBody): Promise<AppendResult> {
    return this.post("trajectories", runId, body);
  }

  appendLogs(runId: string, body: LogBatchBody): Promise<AppendResult> {
    return this.post("logs", runId, body);
  }

  // Reads

  async getMetrics(runId: string, query: MetricsQuery): Promise<Record<string, SeriesPoint[]>> {
    const { keys, ...rest } = query;
    const res = await this.request<{ series: Record<string, SeriesPoint[]> }>("GET", this.runPath(runId, "/metrics"), undefined, {
      keys: keys.join(","),
      ...rest,
    });
    return res.series;
  }

  async listMetricKeys(runId: string): Promise<MetricKeySummary[]> {
    return (await this.request<{ keys: MetricKeySummary[] }>("GET", this.runPath(runId, "/metric-keys"))).keys;
  }

  async getEvals(runId: string): Promise<Record<string, AvgAtK[]>> {
    return (await this.request<{ benchmarks: Record<string, AvgAtK[]> }>("GET", this.runPath(runId, "/evals"))).benchmarks;
  }

  listTrajectories(
    runId: string,
    query: TrajectoriesQuery = {},
  ): Promise<{ trajectories: TrajectoryIndexRow[]; nextCursor: string | null }> {
    return this.request("GET", this.runPath(runId, "/trajectories"), undefined, { ...query });
  }

  getTrajectory(id: number): Promise<{ index: TrajectoryIndexRow; trajectory: unknown }> {
    return this.request("GET", `/trajectories/${id}`);
  }

  /** Log chunks after `after` (exclusive), oldest first, and the seq to ask from next. */
  getLogs(runId: string, opts: { after?: number; limit?: number } = {}): Promise<{ chunks: LogChunk[]; nextAfter: number }> {
    return this.request("GET", this.runPath(runId, "/logs"), undefined, { ...opts });
  }
}
