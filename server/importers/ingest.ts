import { createHash } from "node:crypto";
import type { Db } from "@/db";
import { requireRunRow } from "../runs/service";
import type { BlobStore } from "../trajectories/blob-store";
import { appendTrajectoryBatch, MAX_TRAJECTORIES_PER_BATCH } from "../trajectories/service";
import { importTrajectories, type ImportFormat, type ImportOptions } from "./index";

export interface ImportIntoRunResult {
  format: ImportFormat;
  formatName: string;
  /** Trajectories stored by this request. */
  imported: number;
  /** Trajectories of this file that an earlier import of the same file already stored. */
  alreadyImported: number;
  /** Ids of the trajectories stored by this request, in file order. */
  trajectoryIds: number[];
  warnings: string[];
}

/**
 * Imports an agent log into a run, in batches of at most 1000. Each batch id is
 * derived from the file's content hash and the import options, so importing the
 * same file again stores nothing twice (and a retried upload is safe).
 */
export function importIntoRun(db: Db, blobs: BlobStore, runId: string, text: string, opts: ImportOptions = {}): ImportIntoRunResult {
  const run = requireRunRow(db, runId);
  const file = importTrajectories(text, opts);
  const optionsKey = createHash("sha256")
    .update(JSON.stringify([opts.fileName ?? null, opts.skill ?? null, opts.step ?? null]))
    .digest("hex")
    .slice(0, 16);
  const sqlite = db.$client;
  const maxId = sqlite.prepare("SELECT COALESCE(MAX(id), 0) FROM trajectories").pluck();
  const idsAfter = sqlite.prepare("SELECT id FROM trajectories WHERE run_pk = ? AND id > ? ORDER BY id").pluck();
  const result: ImportIntoRunResult = {
    format: file.format,
    formatName: file.formatName,
    imported: 0,
    alreadyImported: 0,
    trajectoryIds: [],
    warnings: file.warnings,
  };
  for (let start = 0, batch = 0; start < file.trajectories.length; start += MAX_TRAJECTORIES_PER_BATCH, batch++) {
    const trajectories = file.trajectories.slice(start, start + MAX_TRAJECTORIES_PER_BATCH);
    // better-sqlite3 is synchronous: no other write lands between reading the max id and the batch's insert.
    const before = maxId.get() as number;
    const batchId = `import:${file.contentHash.slice(0, 32)}:${optionsKey}:${batch}`;
    const appended = appendTrajectoryBatch(db, blobs, runId, { batchId, trajectories });
    if (appended.duplicate) {
      result.alreadyImported += trajectories.length;
    } else {
      result.imported += appended.accepted;
      result.trajectoryIds.push(...(idsAfter.all(run.pk, before) as number[]));
    }
  }
  return result;
}
