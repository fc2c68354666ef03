import fs from "node:fs";
import path from "node:path";
import { isRetryable, SkillboardClient, SkillboardHttpError } from "@/sdk/ts/src/client";
import { ensureRemoteRun } from "@/sdk/ts/src/deliver";
import { newRunId } from "@/sdk/ts/src/ids";
import { followedKind, listFollowedFiles } from "./followed-files";
import { describeImportAnswer, postImport, type ImportAnswer } from "./import-upload";
import { nextChunk, rereadChunk, type Chunk } from "./watch-chunks";
import { DEFAULT_STATE_FILE, loadWatchState, saveWatchState, type FileProgress, type WatchState } from "./watch-state";

export interface WatchOptions {
  dir: string;
  run?: string;
  new?: string;
  project?: string;
  group?: string;
  skill?: string;
  url: string;
  apiKey?: string;
  /** The state file; default `<dir>/.skillboard-watch.json`. */
  state?: string;
  /** How often the folder is scanned for new files and bytes. Default 2000 ms. */
  pollMs?: number;
  /** Send what is complete now, then stop (no following). */
  once?: boolean;
  /** Mark the run succeeded when the watch stops (Ctrl-C, SIGTERM, or the end of `--once`). */
  finish?: boolean;
  /** Largest chunk per request (a single bigger record is sent whole). Default 8 MiB. */
  maxChunkBytes?: number;
  /** Longest wait between retries while the server is unreachable. Default 10 s. */
  maxRetryDelayMs?: number;
  log?: (line: string) => void;
  /** Stops the watch after the request in flight (its position is kept). */
  signal?: AbortSignal;
  /** Called once a chunk is acknowledged, before the state records it (tests use it to crash in that window). */
  afterAcknowledged?: (file: string, chunk: Chunk) => void | Promise<void>;
}

export interface WatchSummary {
  runId: string;
  trajectories: number;
  metricPoints: number;
  /** Chunks the server refused for good (their records are reported and skipped). */
  refused: number;
}

const UPLOAD_TIMEOUT_MS = 10 * 60_000;

class WatchStopped extends Error {}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** "lines 12–40", "bytes 0–4096": what a chunk holds, for log lines. */
function describeChunk(progress: FileProgress, chunk: Chunk): string {
  if (chunk.lines === 1) return `line ${progress.line}`;
  return chunk.lines > 1 ? `lines ${progress.line}–${progress.line + chunk.lines - 1}` : `bytes ${chunk.offset}–${chunk.end}`;
}

/**
 * `skillboard watch DIR --run ID | --new NAME`: follows a trainer's output
 * folder (verl rollout/validation JSONL, TRL completions parquet, TensorBoard
 * event files, any record-per-line JSONL) and sends each file's new complete
 * records to `POST /api/v1/runs/{id}/import`, which parses and stores them.
 *
 * Exactly once: the state file keeps each file's offset; a chunk is written to
 * it as pending before it is sent, so after a crash the same bytes are sent
 * again, and the server's batch ids (content hash + file + offset) store them
 * once. While the server is unreachable the watch keeps its position (the
 * trainer's files are the spool) and retries with backoff, then resumes.
 */
export async function watchFolder(opts: WatchOptions): Promise<WatchSummary> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const dir = path.resolve(opts.dir);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`Not a folder: ${opts.dir}`);
  if (Boolean(opts.run) === Boolean(opts.new)) throw new Error("Give exactly one of --run ID (an existing run) or --new NAME (create one).");
  const statePath = path.resolve(opts.state ?? path.join(dir, DEFAULT_STATE_FILE));
  const pollMs = opts.pollMs ?? 2000;
  const maxChunk = opts.maxChunkBytes ?? 8 * 1024 * 1024;
  const maxRetryDelay = opts.maxRetryDelayMs ?? 10_000;
  const client = new SkillboardClient({ url: opts.url, apiKey: opts.apiKey });
  const summary: WatchSummary = { runId: "", trajectories: 0, metricPoints: 0, refused: 0 };
  const waitingLogged = new Map<string, string>();
  let unreachableSince: number | undefined;

  /** Calls the server until it answers; gives up only on a refusal (4xx other than 408/429) or a stop. */
  async function untilAnswered<T>(what: string, call: () => Promise<T>): Promise<T> {
    let delay = 250;
    for (;;) {
      if (opts.signal?.aborted) throw new WatchStopped();
      try {
        const result = await call();
        if (unreachableSince !== undefined) {
          log(`The server answers again after ${Math.round((Date.now() - unreachableSince) / 1000)} s: resuming.`);
          unreachableSince = undefined;
        }
        return result;
      } catch (error) {
        if (!isRetryable(error)) throw error;
        if (unreachableSince === undefined) {
          unreachableSince = Date.now();
          log(`Server unreachable (${(error as Error).message}); keeping the position (${what}) and retrying.`);
        }
        await sleep(delay * (0.5 + Math.random() / 2), opts.signal);
        delay = Math.min(maxRetryDelay, delay * 2);
      }
    }
  }

  const state: WatchState = await resolveRun();
  summary.runId = state.runId;
  log(`Watching ${dir} for run ${state.runId} (state in ${statePath}).`);

  async function resolveRun(): Promise<WatchState> {
    const saved = loadWatchState(statePath);
    if (opts.run) {
      if (saved && saved.runId !== opts.run) {
        throw new Error(`${statePath} follows run ${saved.runId}; to send this folder to another run too, give it its own --state file.`);
      }
      await untilAnswered("checking the run", () => client.getRun(opts.run!));
      const state = saved ?? { version: 1 as const, runId: opts.run, files: {} };
      saveWatchState(statePath, state);
      return state;
    }
    if (saved && saved.runName !== opts.new) {
      throw new Error(`${statePath} follows run ${saved.runId}${saved.runName ? ` ('${saved.runName}')` : ""}, not a run named '${opts.new}': use --run ${saved.runId}, or another --state file.`);
    }
    // The id is chosen and saved before the run is created, so a crash in between cannot create it twice.
    const state = saved ?? { version: 1 as const, runId: newRunId(), runName: opts.new, files: {} };
    saveWatchState(statePath, state);
    const body = {
      id: state.runId,
      name: opts.new!,
      ...(opts.project ? { project: opts.project } : {}),
      ...(opts.group ? { group: opts.group } : {}),
      tags: ["watched"],
      config: { watchedFolder: dir },
    };
    await untilAnswered("creating the run", () => ensureRemoteRun(client, body, { giveUpAfterMs: 0 }));
    if (!saved) log(`Created run ${state.runId} (${opts.new}).`);
    return state;
  }

  function report(rel: string, progress: FileProgress, chunk: Chunk, answer: ImportAnswer) {
    summary.trajectories += answer.imported + answer.alreadyImported;
    summary.metricPoints += (answer.metricsImported ?? 0) + (answer.metricsAlreadyImported ?? 0);
    log(`${rel} ${describeChunk(progress, chunk)}: ${describeImportAnswer(answer)}`);
    for (const w of answer.warnings) log(`  warning: ${w}`);
  }

  /** Sends one chunk (already recorded as pending) and moves the file's position past it. */
  async function send(rel: string, kind: ReturnType<typeof followedKind>, progress: FileProgress, chunk: Chunk) {
    const where = `${rel} at ${chunk.lines > 0 || kind === "lines" ? `line ${progress.line}` : `byte ${chunk.offset}`}`;
    try {
      const answer = await untilAnswered(where, () =>
        postImport({
          url: opts.url,
          apiKey: opts.apiKey,
          runId: state.runId,
          body: chunk.body,
          query: {
            fileName: rel,
            skill: opts.skill,
            format: kind === "parquet" ? "trl-parquet" : kind === "tfrecord" ? "tensorboard" : undefined,
            ...(chunk.offset > 0 ? { offset: chunk.offset } : {}),
            ...(kind === "lines" && progress.line > 1 ? { line: progress.line } : {}),
          },
          timeoutMs: UPLOAD_TIMEOUT_MS,
        }),
      );
      await opts.afterAcknowledged?.(rel, chunk);
      report(rel, progress, chunk, answer);
    } catch (error) {
      if (!(error instanceof SkillboardHttpError) || error.status !== 400) throw error;
      // The bytes can never be imported (no known format, an unreadable parquet…): say where, and go on past them.
      summary.refused++;
      log(`${rel} ${describeChunk(progress, chunk)}: refused, skipped: ${error.message}`);
    }
    progress.offset = chunk.end;
    progress.line += chunk.lines;
    delete progress.pending;
    if (kind === "parquet") progress.done = true;
    saveWatchState(statePath, state);
  }

  async function followFile(rel: string) {
    const kind = followedKind(rel)!;
    const file = path.join(dir, rel);
    const progress = (state.files[rel] ??= { offset: 0, line: 1 });
    let size: number;
    try {
      size = fs.statSync(file).size;
    } catch {
      return; // removed since the listing
    }
    if (size < (progress.pending?.end ?? progress.offset)) {
      if (kind === "parquet" && progress.done) {
        if (waitingLogged.get(rel) !== "rewritten") log(`${rel} changed after it was imported; it is not imported again.`);
        waitingLogged.set(rel, "rewritten");
        return;
      }
      log(`${rel} is shorter than the ${progress.offset} bytes already sent (rewritten?): reading it again from the start.`);
      Object.assign(progress, { offset: 0, line: 1, pending: undefined, done: undefined });
    }
    if (progress.pending) {
      const again = rereadChunk(file, progress.offset, progress.pending.end);
      if (again) await send(rel, kind, progress, again);
      else delete progress.pending;
    }
    while (!opts.signal?.aborted) {
      const next = nextChunk(file, kind, progress.offset, progress.line, maxChunk);
      if ("upToDate" in next) return;
      if ("waiting" in next) {
        if (waitingLogged.get(rel) !== next.waiting) log(`${rel}: waiting: ${next.waiting}.`);
        waitingLogged.set(rel, next.waiting);
        return;
      }
      waitingLogged.delete(rel);
      progress.pending = { end: next.chunk.end, lines: next.chunk.lines };
      saveWatchState(statePath, state);
      await send(rel, kind, progress, next.chunk);
    }
  }

  try {
    for (;;) {
      for (const rel of listFollowedFiles(dir)) {
        if (opts.signal?.aborted) break;
        await followFile(rel.split(path.sep).join("/"));
      }
      if (opts.once || opts.signal?.aborted) break;
      await sleep(pollMs, opts.signal);
    }
  } catch (error) {
    if (!(error instanceof WatchStopped)) throw error;
  }
  if (opts.finish) {
    await client.finishRun(state.runId, { status: "succeeded" });
    log(`Run ${state.runId} marked succeeded.`);
  }
  log(`Stopped: ${summary.trajectories} trajectories and ${summary.metricPoints} metric points sent this time${summary.refused ? `, ${summary.refused} chunk(s) refused` : ""}.`);
  return summary;
}
