import fs from "node:fs";
import path from "node:path";

/** Where `watch` has got to in one file. */
export interface FileProgress {
  /** Bytes of the file stored on the server (or refused by it for good). */
  offset: number;
  /** The 1-based line at `offset` (JSON Lines files). */
  line: number;
  /**
   * A chunk being sent: written before the request, cleared after the answer, so
   * that after a crash the same bytes are sent again (same batch ids: stored once).
   */
  pending?: { end: number; lines: number };
  /** A parquet file is sent whole, once; its size then, to notice a rewrite. */
  done?: boolean;
}

export interface WatchState {
  version: 1;
  runId: string;
  /** The name `--new` gave the run: a restart with the same `--new NAME` goes on with the same run. */
  runName?: string;
  files: Record<string, FileProgress>;
}

export const DEFAULT_STATE_FILE = ".skillboard-watch.json";

export function loadWatchState(file: string): WatchState | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  let state: WatchState;
  try {
    state = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON: delete it to start over (everything is then sent again and stored once).`);
  }
  if (state?.version !== 1 || typeof state.runId !== "string" || typeof state.files !== "object") {
    throw new Error(`${file} is not a watch state file this version writes: delete it to start over.`);
  }
  return state;
}

/** Writes the state atomically (temporary file + rename), so a crash leaves the old or the new state, never half of one. */
export function saveWatchState(file: string, state: WatchState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(state, null, 1)}\n`);
  fs.renameSync(tmp, file);
}
