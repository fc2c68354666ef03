import type Database from "better-sqlite3";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** The worker: its own connection to the same file, a PASSIVE checkpoint every interval, one more at stop. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma("busy_timeout = 1000");
const checkpoint = () => { try { db.pragma("wal_checkpoint(PASSIVE)"); } catch (error) { parentPort.postMessage(String(error)); } };
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on("message", () => { clearInterval(timer); checkpoint(); db.close(); parentPort.close(); });
`;

/**
 * Moves WAL checkpoints off the server's event loop. SQLite's automatic checkpoint runs inside the
 * commit that crosses 1,000 WAL pages, copying them into the database file (and syncing it) while
 * every queued request waits; with many trainers appending that was a stall every few seconds. Here
 * the connection's automatic checkpoint is off and a worker thread checkpoints every `intervalMs`
 * (PASSIVE: it never blocks the writer; the WAL restarts from its beginning once fully copied). If
 * the worker stops, the automatic checkpoint comes back on.
 */
export function startBackgroundCheckpoints(sqlite: Database.Database, opts: { intervalMs?: number; log?: (line: string) => void } = {}): { stop(): Promise<void> } {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file: sqlite.name, driver: createRequire(import.meta.url).resolve("better-sqlite3"), intervalMs: opts.intervalMs ?? 500 },
  });
  worker.unref();
  sqlite.pragma("wal_autocheckpoint = 0");
  let stopped = false;
  const fallBack = () => {
    if (sqlite.open) sqlite.pragma("wal_autocheckpoint = 1000");
  };
  worker.on("message", (line: string) => opts.log?.(`background checkpoint: ${line}`));
  worker.on("error", (error) => {
    opts.log?.(`background checkpoints stopped (${error.message}); SQLite checkpoints on commit again`);
    fallBack();
  });
  worker.on("exit", () => {
    if (!stopped) fallBack();
  });
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      worker.postMessage("stop");
      await exited;
      fallBack();
    },
  };
}
