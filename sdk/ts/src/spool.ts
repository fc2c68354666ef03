import fs from "node:fs";
import path from "node:path";
import type { AppendRequest, CreateRunBody } from "./types";

/**
 * One run's folder in a spool (docs/spool-format.md), shared with the Python SDK:
 *
 *   <spool>/<runId>/run.json        the create-run body
 *   <spool>/<runId>/batches.jsonl   one append request per line, in the order logged
 *   <spool>/<runId>/sync-offset     lines already acknowledged by the server (resume point)
 *   <spool>/<runId>/synced          present once every line has been acknowledged
 */
export const SPOOL_FILES = {
  run: "run.json",
  batches: "batches.jsonl",
  offset: "sync-offset",
  synced: "synced",
} as const;

/** `$SKILLBOARD_SPOOL_DIR`, else `.skillboard/spool` under the working directory. */
export function defaultSpoolDir(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): string {
  return path.resolve(cwd, env.SKILLBOARD_SPOOL_DIR || path.join(".skillboard", "spool"));
}

export class RunSpool {
  private tailChecked = false;

  constructor(readonly dir: string) {}

  static forRun(spoolDir: string, runId: string): RunSpool {
    return new RunSpool(path.join(spoolDir, runId));
  }

  private file(name: keyof typeof SPOOL_FILES) {
    return path.join(this.dir, SPOOL_FILES[name]);
  }

  get batchesFile() {
    return this.file("batches");
  }

  hasRunJson(): boolean {
    return fs.existsSync(this.file("run"));
  }

  readRunJson(): CreateRunBody {
    return JSON.parse(fs.readFileSync(this.file("run"), "utf8")) as CreateRunBody;
  }

  /** Writes run.json unless it is already there (a restarted process attaching to the same run keeps the first). */
  writeRunJson(body: CreateRunBody): void {
    fs.mkdirSync(this.dir, { recursive: true });
    if (!this.hasRunJson()) writeFileAtomic(this.file("run"), `${JSON.stringify(body)}\n`);
  }

  /** Appends requests as lines, in one write. The folder is no longer `synced` afterwards. */
  append(requests: AppendRequest[]): void {
    if (!requests.length) return;
    fs.mkdirSync(this.dir, { recursive: true });
    let text = requests.map((r) => JSON.stringify(r)).join("\n") + "\n";
    if (!this.tailChecked) {
      // A process that died mid-write left a partial last line: end it, so our first line stays whole.
      if (!endsWithNewline(this.batchesFile)) text = `\n${text}`;
      this.tailChecked = true;
    }
    fs.rmSync(this.file("synced"), { force: true });
    fs.appendFileSync(this.batchesFile, text);
  }

  readOffset(): number {
    try {
      const n = Number.parseInt(fs.readFileSync(this.file("offset"), "utf8").trim(), 10);
      return Number.isFinite(n) && n > 0 ? n : 0;
    } catch {
      return 0;
    }
  }

  writeOffset(lines: number): void {
    writeFileAtomic(this.file("offset"), `${lines}\n`);
  }

  isSynced(): boolean {
    return fs.existsSync(this.file("synced"));
  }

  markSynced(): void {
    writeFileAtomic(this.file("synced"), `${new Date().toISOString()}\n`);
  }

  /** The complete lines of batches.jsonl from line `from` (0-based) on; a partial last line is not yet a line. */
  *lines(from = 0): Generator<{ index: number; text: string }> {
    if (!fs.existsSync(this.batchesFile)) return;
    const fd = fs.openSync(this.batchesFile, "r");
    try {
      const buf = Buffer.alloc(1 << 20);
      let pending: Buffer[] = [];
      let index = 0;
      for (;;) {
        const n = fs.readSync(fd, buf, 0, buf.length, null);
        if (n === 0) return;
        const chunk = buf.subarray(0, n);
        let start = 0;
        for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
          if (index >= from) {
            const bytes = Buffer.concat([...pending, chunk.subarray(start, nl)]);
            yield { index, text: bytes.toString("utf8").replace(/\r$/, "") };
          }
          pending = [];
          index++;
          start = nl + 1;
        }
        if (index >= from && start < n) pending.push(Buffer.from(chunk.subarray(start)));
      }
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Whether batches.jsonl holds complete lines past the sync offset. */
  hasUnsyncedLines(): boolean {
    const it = this.lines(this.readOffset());
    const first = it.next();
    it.return(undefined);
    return !first.done;
  }
}

function endsWithNewline(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch {
    return true; // no file yet
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) return true;
    const b = Buffer.alloc(1);
    fs.readSync(fd, b, 0, 1, size - 1);
    return b[0] === 10;
  } finally {
    fs.closeSync(fd);
  }
}

function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}
