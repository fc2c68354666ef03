import fs from "node:fs";
import path from "node:path";
import { SkillboardClient } from "@/sdk/ts/src/client";

export interface ImportCommandOptions {
  run?: string;
  new?: string;
  project?: string;
  group?: string;
  skill?: string;
  step?: string;
  url: string;
  apiKey?: string;
  log?: (line: string) => void;
}

interface ImportAnswer {
  formatName: string;
  imported: number;
  alreadyImported: number;
  warnings: string[];
}

const UPLOAD_TIMEOUT_MS = 10 * 60_000;

/** Uploads one file's raw bytes to `POST /api/v1/runs/{id}/import`; throws with the server's message. */
async function uploadFile(opts: ImportCommandOptions, runId: string, file: string): Promise<ImportAnswer> {
  const url = new URL(`${opts.url.replace(/\/+$/, "")}/api/v1/runs/${encodeURIComponent(runId)}/import`);
  url.searchParams.set("fileName", path.basename(file));
  if (opts.skill) url.searchParams.set("skill", opts.skill);
  if (opts.step != null) url.searchParams.set("step", opts.step);
  const headers: Record<string, string> = { "content-type": "application/octet-stream" };
  if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", headers, body: fs.readFileSync(file), signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    throw new Error(`cannot reach ${opts.url} (${cause?.code ?? (error as Error).message})`);
  }
  const text = await res.text();
  let body: any = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // reported below
  }
  if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ""}`);
  return body as ImportAnswer;
}

/**
 * `skillboard import FILE… --run ID | --new NAME`: detects each file's format on
 * the server, prints the format and count per file; returns the exit code
 * (1 when any file failed).
 */
export async function importFiles(files: string[], opts: ImportCommandOptions): Promise<number> {
  const log = opts.log ?? ((line: string) => console.log(line));
  if (Boolean(opts.run) === Boolean(opts.new)) throw new Error("Give exactly one of --run ID (an existing run) or --new NAME (create one).");
  if (opts.step != null && !/^\d+$/.test(opts.step)) throw new Error(`--step: expected an integer ≥ 0, got '${opts.step}'.`);
  const missing = files.filter((f) => !fs.existsSync(f) || !fs.statSync(f).isFile());
  if (missing.length) throw new Error(`Not a file: ${missing.join(", ")}`);
  const client = new SkillboardClient({ url: opts.url, apiKey: opts.apiKey, timeoutMs: UPLOAD_TIMEOUT_MS });
  let runId = opts.run!;
  if (opts.new) {
    const run = await client.createRun({
      name: opts.new,
      ...(opts.project ? { project: opts.project } : {}),
      ...(opts.group ? { group: opts.group } : {}),
      tags: ["imported"],
      config: { importedFiles: files.map((f) => path.basename(f)) },
    });
    runId = run.id;
    log(`Created run ${runId} (${opts.new}).`);
  }
  const failed: string[] = [];
  for (const file of files) {
    try {
      const r = await uploadFile(opts, runId, file);
      const again = r.alreadyImported ? `, ${r.alreadyImported} already imported before` : "";
      log(`${file}: ${r.formatName}, ${r.imported} ${r.imported === 1 ? "trajectory" : "trajectories"} imported${again}`);
      for (const w of r.warnings) log(`  warning: ${w}`);
    } catch (error) {
      failed.push(file);
      log(`${file}: failed: ${(error as Error).message}`);
    }
  }
  if (opts.new) {
    await client.finishRun(runId, failed.length ? { status: "failed", error: `Import failed for: ${failed.join(", ")}` } : { status: "succeeded" });
  }
  log(`Run ${runId}: ${opts.url.replace(/\/+$/, "")}/runs/${encodeURIComponent(runId)}`);
  return failed.length ? 1 : 0;
}
