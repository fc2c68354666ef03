import { createHash } from "node:crypto";
import type { Db } from "@/db";
import { appendMetricBatch, MAX_POINTS_PER_BATCH } from "../metrics/ingest";
import { getProjectById } from "../projects/service";
import { requireRunRow } from "../runs/service";
import type { BlobStore } from "../trajectories/blob-store";
import { MAX_TRAJECTORIES_PER_BATCH, storeTrajectoryBatch } from "../trajectories/service";
import { applyTaskVerdicts, type VerdictResult } from "../trajectories/verdicts";
import { importFile, importTrajectories, sniffBinaryFormat, type ImportedFile, type ImportFormat, type ImportOptions, type SkippedRecord } from "./index";
import { readSweBenchReport } from "./swebench-report";

export interface ImportIntoRunResult {
  format: ImportFormat;
  formatName: string;
  /** Trajectories stored by this request. */
  imported: number;
  /** Trajectories of this file that an earlier import of the same file already stored. */
  alreadyImported: number;
  /** Ids of the trajectories stored by this request, in file order. */
  trajectoryIds: number[];
  /** Metric points (TensorBoard scalars) stored by this request. */
  metricsImported: number;
  /** Metric points an earlier import of the same file already stored. */
  metricsAlreadyImported: number;
  /** Records that could not be read, with their line / byte offset / row: skipped, the rest imported. */
  skipped: SkippedRecord[];
  warnings: string[];
  /** A SWE-bench evaluation report: the unknown outcomes it settled, by task id. */
  verdicts?: VerdictResult & { errors: number };
}

/** A SWE-bench evaluation report imported into a run: its verdicts settle the run's unknown outcomes. */
function importReport(db: Db, runId: string, text: string, opts: ImportOptions): ImportIntoRunResult | null {
  const report = readSweBenchReport(text);
  if (!report) return null;
  if (opts.format && opts.format !== "swebench-report") return null;
  const verdicts = { ...applyTaskVerdicts(db, runId, report.resolved), errors: report.errors.length };
  const warnings: string[] = [];
  if (verdicts.unmatchedTasks) warnings.push(`${verdicts.unmatchedTasks} instance(s) of the report have no trajectory in this run.`);
  if (verdicts.errors) warnings.push(`${verdicts.errors} instance(s) failed to evaluate (error_ids): their outcome stays unknown.`);
  return { format: "swebench-report", formatName: "SWE-bench evaluation report", imported: 0, alreadyImported: 0, trajectoryIds: [], metricsImported: 0, metricsAlreadyImported: 0, skipped: [], warnings, verdicts };
}

/** The run's project skills, so that a rollout's data source can name one. */
function withProjectSkills(db: Db, runId: string, opts: ImportOptions): ImportOptions {
  const run = requireRunRow(db, runId);
  return { ...opts, skills: opts.skills ?? ((getProjectById(db, run.projectId)?.skills as string[] | undefined) ?? []) };
}

/**
 * Stores an imported file in a run: trajectories in batches of at most 1000,
 * metric points in batches of at most 10,000. Each batch id is derived from the
 * file's content hash and the import options (file name, skill, step and, for a
 * watcher's appended bytes, their offset), so importing the same bytes again
 * stores nothing twice (and a retried upload is safe).
 */
async function storeImportedFile(db: Db, blobs: BlobStore, runId: string, file: ImportedFile, opts: ImportOptions): Promise<ImportIntoRunResult> {
  requireRunRow(db, runId);
  // Keys of imports made before offsets existed stay the same, so re-importing an old file still finds its batches.
  const keyParts: unknown[] = [opts.fileName ?? null, opts.skill ?? null, opts.step ?? null];
  if (opts.offset) keyParts.push(opts.offset);
  const optionsKey = createHash("sha256").update(JSON.stringify(keyParts)).digest("hex").slice(0, 16);
  const batchPrefix = `import:${file.contentHash.slice(0, 32)}:${optionsKey}`;
  const result: ImportIntoRunResult = {
    format: file.format,
    formatName: file.formatName,
    imported: 0,
    alreadyImported: 0,
    trajectoryIds: [],
    metricsImported: 0,
    metricsAlreadyImported: 0,
    skipped: file.skipped,
    warnings: file.warnings,
  };
  for (let start = 0, batch = 0; start < file.trajectories.length; start += MAX_TRAJECTORIES_PER_BATCH, batch++) {
    const trajectories = file.trajectories.slice(start, start + MAX_TRAJECTORIES_PER_BATCH);
    const appended = await storeTrajectoryBatch(db, blobs, runId, { batchId: `${batchPrefix}:${batch}`, trajectories });
    if (appended.duplicate) {
      result.alreadyImported += trajectories.length;
    } else {
      result.imported += appended.accepted;
      result.trajectoryIds.push(...appended.ids);
    }
  }
  for (let start = 0, batch = 0; start < file.metricPoints.length; start += MAX_POINTS_PER_BATCH, batch++) {
    const points = file.metricPoints.slice(start, start + MAX_POINTS_PER_BATCH);
    const appended = appendMetricBatch(db, runId, { batchId: `${batchPrefix}:m${batch}`, points });
    if (appended.duplicate) result.metricsAlreadyImported += points.length;
    else result.metricsImported += appended.accepted;
  }
  return result;
}

/** Imports an agent log or rollout dump given as text into a run (see `storeImportedFile`). */
export async function importIntoRun(db: Db, blobs: BlobStore, runId: string, text: string, opts: ImportOptions = {}): Promise<ImportIntoRunResult> {
  const withSkills = withProjectSkills(db, runId, opts);
  const report = importReport(db, runId, text, opts);
  if (report) return report;
  return storeImportedFile(db, blobs, runId, importTrajectories(text, withSkills), withSkills);
}

/** Imports a file given as bytes (text formats, TRL parquet, TensorBoard events) into a run. */
export async function importFileIntoRun(db: Db, blobs: BlobStore, runId: string, bytes: Uint8Array, opts: ImportOptions = {}): Promise<ImportIntoRunResult> {
  const withSkills = withProjectSkills(db, runId, opts);
  const report = sniffBinaryFormat(bytes) ? null : importReport(db, runId, new TextDecoder().decode(bytes), opts);
  if (report) return report;
  const file = await importFile(bytes, withSkills);
  return storeImportedFile(db, blobs, runId, file, withSkills);
}
