import fs from "node:fs";
import path from "node:path";
import { SkillboardClient } from "./client";
import { classifyFailure, deliverRequest, ensureRemoteRun } from "./deliver";
import { SINGLE_ATTEMPT, type RetryPolicy } from "./retry";
import { RunSpool, SPOOL_FILES } from "./spool";
import { APPEND_KINDS, type AppendRequest, type CreateRunBody } from "./types";

export interface SyncOptions {
  /** Server URL; default `$SKILLBOARD_URL`, else http://localhost:3000. */
  url?: string;
  /** Default `$SKILLBOARD_API_KEY`. */
  apiKey?: string;
  /** Progress lines; default silent. */
  log?: (line: string) => void;
  /** Warnings (refused batches); default `log`, else console.warn. */
  warn?: (line: string) => void;
  /** Retries per request before a run is left for a later sync. Default: give up after 15 s. */
  retry?: RetryPolicy;
  /** Use this client instead of one built from `url` and `apiKey`. */
  client?: SkillboardClient;
}

export interface RunSyncResult {
  runId: string;
  dir: string;
  /** `synced`: every line is acknowledged and the `synced` marker written; `failed`: run the sync again later. */
  status: "synced" | "failed";
  /** Lines acknowledged by this call. */
  sent: number;
  /** Of those, lines whose batch the server already had (an earlier, interrupted upload). */
  duplicates: number;
  /** Lines the server refused for good (or that are not valid JSON), skipped with a warning. */
  dropped: number;
  /** Nothing was left to upload. */
  alreadySynced: boolean;
  /** Why the run failed. */
  error?: string;
  /** The failure was the server being unreachable (rather than, say, a bad API key). */
  unreachable?: boolean;
}

export interface SyncResult {
  /** Run folders fully uploaded (including ones that already were). */
  synced: number;
  /** Run folders that could not be fully uploaded; their sync-offset says where a later sync resumes. */
  failed: number;
  runs: RunSyncResult[];
}

function parseLine(text: string): AppendRequest | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return "not valid JSON";
  }
  const v = value as { kind?: unknown; body?: unknown } | null;
  if (!v || typeof v !== "object" || !APPEND_KINDS.includes(v.kind as never)) return "no known 'kind'";
  if (!v.body || typeof v.body !== "object") return "no 'body'";
  return v as AppendRequest;
}

/**
 * Uploads one run folder of a spool: creates the run with its id if the
 * server lacks it, then sends batches.jsonl from `sync-offset` on, advancing
 * the offset after each acknowledged line, and writes `synced` at the end.
 * Every line carries its batch id, so a replay stores nothing twice.
 */
export async function syncRunFolder(
  dir: string,
  client: SkillboardClient,
  opts: { retry?: RetryPolicy; log?: (line: string) => void; warn?: (line: string) => void } = {},
): Promise<RunSyncResult> {
  const log = opts.log ?? (() => {});
  const warn = opts.warn ?? ((l: string) => console.warn(`skillboard: ${l}`));
  const retry = opts.retry ?? {};
  const spool = new RunSpool(dir);
  const result: RunSyncResult = {
    runId: path.basename(dir),
    dir,
    status: "failed",
    sent: 0,
    duplicates: 0,
    dropped: 0,
    alreadySynced: false,
  };

  let runBody: CreateRunBody;
  try {
    runBody = spool.readRunJson();
  } catch (error) {
    result.error = `${path.join(dir, SPOOL_FILES.run)}: ${(error as Error).message}`;
    warn(result.error);
    return result;
  }
  // Absent fields may be written as null (Python's None); the server wants them left out.
  runBody = Object.fromEntries(Object.entries(runBody ?? {}).filter(([, v]) => v !== null)) as CreateRunBody;
  const runId = typeof runBody.id === "string" && runBody.id ? runBody.id : result.runId;
  result.runId = runId;

  let offset = spool.readOffset();
  if (spool.isSynced() && !spool.hasUnsyncedLines()) {
    result.status = "synced";
    result.alreadySynced = true;
    return result;
  }

  const fail = (error: unknown) => {
    const d = classifyFailure(error);
    result.error = (error as Error).message ?? String(error);
    result.unreachable = d.outcome === "unreachable";
    return result;
  };

  try {
    await ensureRemoteRun(client, { ...runBody, id: runId }, retry);
  } catch (error) {
    return fail(error);
  }

  for (const line of spool.lines(offset)) {
    const req = parseLine(line.text);
    if (typeof req === "string") {
      warn(`${spool.batchesFile}: line ${line.index + 1} skipped (${req})`);
      result.dropped++;
    } else {
      const d = await deliverRequest(client, runId, req, retry, warn);
      if (d.outcome === "unreachable" || d.outcome === "unauthorized") return fail(d.error);
      if (d.outcome === "stored") {
        result.sent++;
        if (d.duplicate) result.duplicates++;
      } else result.dropped++;
    }
    offset = line.index + 1;
    spool.writeOffset(offset);
  }
  spool.markSynced();
  result.status = "synced";
  result.alreadySynced = result.sent === 0 && result.dropped === 0;
  if (!result.alreadySynced) log(
    `run ${runId}: ${result.sent} batch${result.sent === 1 ? "" : "es"} uploaded` +
      (result.duplicates ? ` (${result.duplicates} already stored)` : "") +
      (result.dropped ? `, ${result.dropped} refused` : ""),
  );
  return result;
}

/** The run folders of a spool, or DIR itself when it is one run's folder (it holds run.json). */
export function listRunFolders(dir: string): string[] {
  if (fs.existsSync(path.join(dir, SPOOL_FILES.run))) return [dir];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, SPOOL_FILES.run)))
    .map((e) => path.join(dir, e.name))
    .sort();
}

/**
 * Uploads every run folder in a spool folder (see docs/spool-format.md), or
 * the single run folder DIR. `bin/skillboard sync DIR` exits 1 when `failed > 0`.
 */
export async function syncSpoolDir(dir: string, opts: SyncOptions = {}): Promise<SyncResult> {
  const log = opts.log ?? (() => {});
  const warn = opts.warn ?? (opts.log ? (l: string) => opts.log!(`warning: ${l}`) : (l: string) => console.warn(`skillboard: ${l}`));
  const root = path.resolve(dir);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new Error(`${dir}: no such spool folder.`);
  const client =
    opts.client ??
    new SkillboardClient({
      url: opts.url ?? process.env.SKILLBOARD_URL ?? "http://localhost:3000",
      apiKey: opts.apiKey ?? process.env.SKILLBOARD_API_KEY,
    });
  const folders = listRunFolders(root);
  const result: SyncResult = { synced: 0, failed: 0, runs: [] };
  if (!folders.length) {
    log(`nothing to sync: no run folders (with ${SPOOL_FILES.run}) in ${root}`);
    return result;
  }
  let retry: RetryPolicy = opts.retry ?? { giveUpAfterMs: 15_000 };
  for (const folder of folders) {
    const r = await syncRunFolder(folder, client, { retry, log, warn });
    result.runs.push(r);
    if (r.status === "synced") {
      result.synced++;
      if (r.alreadySynced) log(`run ${r.runId}: already synced`);
    } else {
      result.failed++;
      log(`run ${r.runId}: not synced (${r.error}); run the sync again later`);
      // The server is down: try the remaining runs once each instead of waiting for every one.
      if (r.unreachable) retry = SINGLE_ATTEMPT;
    }
  }
  log(`synced ${result.synced} run${result.synced === 1 ? "" : "s"} to ${client.url}${result.failed ? `, ${result.failed} failed` : ""}`);
  return result;
}
