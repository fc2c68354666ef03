import fs from "node:fs";
import path from "node:path";
import { isRetryable, SkillboardHttpError } from "../../sdk/ts/src/client";
import type { LogChunk } from "./worker-api";

export interface LogBatch {
  batchId: string;
  chunks: LogChunk[];
}

export interface LogShipperOptions {
  /** The file output is appended to (one JSON record a line); truncated when the shipper opens. */
  file: string;
  /** Uploads one batch; throws the client's errors. The same batchId may be sent again after a failure. */
  send(batch: LogBatch): Promise<unknown>;
  /** Batch ids are `<prefix>-<from>-<to>` (byte offsets in the file), so a resend is recognised. */
  batchIdPrefix: string;
  /** The server refused a write because the lease is stale (409 `stale_lease`). Nothing more is sent. */
  onStale?(): void;
  warn?(message: string): void;
  /** How often output is shipped. Default 500 ms. */
  intervalMs?: number;
  /** Default 1 MiB of file per batch (a longer single record goes alone). */
  maxBatchBytes?: number;
  /** Default 10,000, the server's limit. */
  maxBatchChunks?: number;
  /** Longest wait between attempts while the server cannot be reached. Default 5 s. */
  maxBackoffMs?: number;
}

const NEWLINE = 0x0a;

/**
 * A process's stdout and stderr on their way to the run's log. Output is
 * appended to a file first (the disk is the buffer) and shipped from there in
 * order, one batch at a time; a batch that failed is sent again with the same
 * byte range and batch id until acknowledged, so a server blip loses and
 * doubles nothing.
 */
export class LogShipper {
  private readonly fd: number;
  private written = 0;
  private acked = 0;
  private pending?: LogBatch & { to: number };
  private timer?: NodeJS.Timeout;
  private pumping?: Promise<void>;
  private failures = 0;
  private retryAt = 0;
  private aborted = false;
  private closed = false;
  private readonly intervalMs: number;
  private readonly maxBatchBytes: number;
  private readonly maxBatchChunks: number;
  private readonly maxBackoffMs: number;
  private readonly warn: (message: string) => void;

  constructor(private readonly opts: LogShipperOptions) {
    fs.mkdirSync(path.dirname(opts.file), { recursive: true });
    this.fd = fs.openSync(opts.file, "w+");
    this.intervalMs = opts.intervalMs ?? 500;
    this.maxBatchBytes = opts.maxBatchBytes ?? 1 << 20;
    this.maxBatchChunks = opts.maxBatchChunks ?? 10_000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 5_000;
    this.warn = opts.warn ?? (() => {});
  }

  /** Bytes of the file not yet acknowledged by the server. */
  get backlogBytes(): number {
    return this.written - this.acked;
  }

  start(): this {
    this.timer ??= setInterval(() => void this.pump(), this.intervalMs);
    return this;
  }

  /** Appends output; it is shipped on the next tick. Ignored once the shipper is closed or aborted. */
  write(stream: LogChunk["stream"], text: string): void {
    if (!text || this.closed || this.aborted) return;
    const line = Buffer.from(`${JSON.stringify({ stream, text })}\n`, "utf8");
    fs.writeSync(this.fd, line);
    this.written += line.length;
  }

  /**
   * Stops taking output and ships the rest, retrying until all of it is
   * acknowledged, the lease turns out stale, or `timeoutMs` passes. True when everything arrived.
   */
  async close(timeoutMs = 10 * 60_000): Promise<boolean> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    const deadline = Date.now() + timeoutMs;
    while (!this.aborted && this.acked < this.written && Date.now() < deadline) {
      await this.pump(true);
      if (this.acked < this.written && !this.aborted) await sleep(Math.max(10, Math.min(this.retryAt - Date.now(), deadline - Date.now())));
    }
    this.release();
    const done = this.acked >= this.written;
    if (!done && !this.aborted) this.warn(`gave up shipping ${this.written - this.acked} bytes of output; they remain in ${this.opts.file}`);
    return done;
  }

  /** Ships nothing more (the run was reassigned or handed back); the file stays. */
  abort(): void {
    this.aborted = true;
    if (this.timer) clearInterval(this.timer);
    if (!this.closed) {
      this.closed = true;
      this.release();
    }
  }

  private release() {
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
  }

  /** One pass: sends batches until the backlog is empty or a send fails. Passes never overlap. */
  private pump(force = false): Promise<void> {
    if (this.pumping) return this.pumping;
    if (!force && Date.now() < this.retryAt) return Promise.resolve();
    this.pumping = this.pass().finally(() => (this.pumping = undefined));
    return this.pumping;
  }

  private async pass(): Promise<void> {
    while (!this.aborted && this.acked < this.written) {
      const batch = (this.pending ??= this.readBatch(this.acked));
      try {
        await this.opts.send({ batchId: batch.batchId, chunks: batch.chunks });
      } catch (error) {
        if (error instanceof SkillboardHttpError && error.code === "stale_lease") {
          this.abort();
          this.opts.onStale?.();
          return;
        }
        if (isRetryable(error) || (error instanceof SkillboardHttpError && (error.status === 401 || error.status === 403))) {
          if (this.failures === 0) this.warn(`cannot ship output (${(error as Error).message}); retrying, it is kept in ${this.opts.file}`);
          this.failures++;
          this.retryAt = Date.now() + Math.min(this.maxBackoffMs, 250 * 2 ** Math.min(this.failures, 10));
          return;
        }
        this.warn(`the server refused ${batch.chunks.length} chunks of output (${(error as Error).message}); skipping them`);
      }
      if (this.failures) this.warn("output shipping resumed");
      this.failures = 0;
      this.retryAt = 0;
      this.acked = batch.to;
      this.pending = undefined;
    }
  }

  /** Reads whole records from `from`: up to the byte and chunk limits, adjacent records of one stream merged. */
  private readBatch(from: number): LogBatch & { to: number } {
    const length = Math.min(this.written - from, this.maxBatchBytes);
    let buf = Buffer.alloc(length);
    fs.readSync(this.fd, buf, 0, length, from);
    if (buf.lastIndexOf(NEWLINE) < 0) {
      // One record longer than a batch: read up to its end and send it alone.
      const whole = Buffer.alloc(this.written - from);
      fs.readSync(this.fd, whole, 0, whole.length, from);
      buf = whole.subarray(0, whole.indexOf(NEWLINE) + 1);
    }
    const chunks: LogChunk[] = [];
    let pos = 0;
    let end = 0;
    for (;;) {
      const nl = buf.indexOf(NEWLINE, pos);
      if (nl < 0) break;
      const rec = JSON.parse(buf.toString("utf8", pos, nl)) as LogChunk;
      const last = chunks[chunks.length - 1];
      if (last && last.stream === rec.stream) last.text += rec.text;
      else if (chunks.length >= this.maxBatchChunks) break;
      else chunks.push({ stream: rec.stream, text: rec.text });
      pos = end = nl + 1;
    }
    const to = from + end;
    return { batchId: `${this.opts.batchIdPrefix}-${from}-${to}`, chunks, to };
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
