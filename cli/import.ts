import fs from "node:fs";
import path from "node:path";
import { SkillboardClient } from "@/sdk/ts/src/client";
import { recognizeFormat } from "@/server/importers/index";
import { listFollowedFiles } from "./followed-files";
import { describeImportAnswer, postImport, type ImportAnswer } from "./import-upload";

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

const UPLOAD_TIMEOUT_MS = 10 * 60_000;

/** Uploads one file's raw bytes to `POST /api/v1/runs/{id}/import`; throws with the server's message. */
function uploadFile(opts: ImportCommandOptions, runId: string, file: string, fileName: string): Promise<ImportAnswer> {
  return postImport({
    url: opts.url,
    apiKey: opts.apiKey,
    runId,
    body: fs.readFileSync(file),
    query: { fileName, skill: opts.skill, step: opts.step },
    timeoutMs: UPLOAD_TIMEOUT_MS,
  });
}

/**
 * The files to import: each file as given (named by its base name), and for a
 * folder the rollout and log files under it (named by their path in it, as
 * `watch` names them).
 */
function expandFiles(paths: string[]): { file: string; name: string }[] {
  const missing = paths.filter((f) => !fs.existsSync(f));
  if (missing.length) throw new Error(`Not a file or folder: ${missing.join(", ")}`);
  return paths.flatMap((p) =>
    fs.statSync(p).isDirectory()
      ? listFollowedFiles(p).map((rel) => ({ file: path.join(p, rel), name: rel.split(path.sep).join("/") }))
      : [{ file: p, name: path.basename(p) }],
  );
}

/**
 * `skillboard import FILE|DIR… --run ID | --new NAME`: detects each file's
 * format on the server, prints the format and counts per file; returns the exit
 * code (1 when any file failed). With `--new`, files of no known format are
 * refused before the run is created, so a refused import creates nothing.
 */
export async function importFiles(paths: string[], opts: ImportCommandOptions): Promise<number> {
  const log = opts.log ?? ((line: string) => console.log(line));
  if (Boolean(opts.run) === Boolean(opts.new)) throw new Error("Give exactly one of --run ID (an existing run) or --new NAME (create one).");
  if (opts.step != null && !/^\d+$/.test(opts.step)) throw new Error(`--step: expected an integer ≥ 0, got '${opts.step}'.`);
  let files = expandFiles(paths);
  if (files.length === 0) throw new Error(`No rollout or log files (*.jsonl, *.parquet, events.out.tfevents.*) under ${paths.join(", ")}.`);
  const failed: string[] = [];
  if (opts.new) {
    // The server parses every upload; this only keeps a run from being created for files it would refuse.
    files = files.filter(({ file }) => {
      try {
        recognizeFormat(fs.readFileSync(file));
        return true;
      } catch (error) {
        failed.push(file);
        log(`${file}: failed: ${(error as Error).message}`);
        return false;
      }
    });
    if (files.length === 0) {
      log("No run created: none of the files is of a format Skillboard imports.");
      return 1;
    }
  }
  const client = new SkillboardClient({ url: opts.url, apiKey: opts.apiKey, timeoutMs: UPLOAD_TIMEOUT_MS });
  let runId = opts.run!;
  if (opts.new) {
    const run = await client.createRun({
      name: opts.new,
      ...(opts.project ? { project: opts.project } : {}),
      ...(opts.group ? { group: opts.group } : {}),
      tags: ["imported"],
      config: { importedFiles: files.slice(0, 100).map((f) => f.name), ...(files.length > 100 ? { importedFileCount: files.length } : {}) },
    });
    runId = run.id;
    log(`Created run ${runId} (${opts.new}).`);
  }
  for (const { file, name } of files) {
    try {
      const r = await uploadFile(opts, runId, file, name);
      log(`${file}: ${describeImportAnswer(r)}`);
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
