import type Database from "better-sqlite3";

/** Appends one entry to a run's status timeline. */
export function recordRunEvent(sqlite: Database.Database, runPk: number, kind: string, message: string, at = Date.now()): void {
  sqlite.prepare("INSERT INTO run_events (run_pk, at, kind, message) VALUES (?, ?, ?, ?)").run(runPk, at, kind, message);
}

export interface RunEvent {
  at: number;
  kind: string;
  message: string;
}

export function listRunEvents(sqlite: Database.Database, runPk: number): RunEvent[] {
  return sqlite.prepare("SELECT at, kind, message FROM run_events WHERE run_pk = ? ORDER BY at, id").all(runPk) as RunEvent[];
}
