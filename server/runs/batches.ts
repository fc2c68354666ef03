import type Database from "better-sqlite3";

/**
 * Records that a batch id was stored for a run. Returns false when it already
 * was, so the caller answers the retry without writing the batch again.
 * Call inside the batch's transaction: a rolled-back batch is not claimed.
 */
export function claimBatch(sqlite: Database.Database, runPk: number, batchId: string, kind: string): boolean {
  return (
    sqlite
      .prepare("INSERT OR IGNORE INTO ingest_batches (run_pk, batch_id, kind, created_at) VALUES (?, ?, ?, ?)")
      .run(runPk, batchId, kind, Date.now()).changes > 0
  );
}
