/**
 * Executes repository code for the verifiers and the agent's tools: a pool of
 * worker threads (each with a heap limit) running `sandbox-thread.mjs`. Every
 * piece of user code (a test, a call, a script) gets a step budget (at most
 * 100,000 loop iterations, counted by a guard injected into each loop: the
 * same cut-off on every machine, so results do not depend on load) and a
 * wall-clock limit as a backstop. Results are cached by the content hash of
 * the request: the same files and the same tests give the same outcome, so a
 * result is computed once and reused.
 */
import { createHash } from "node:crypto";
import os from "node:os";
import { Worker } from "node:worker_threads";

export interface TestResult {
  file: string;
  name: string;
  ok: boolean;
  error?: { name: string; message: string };
}
export interface SuiteResult {
  tests: TestResult[];
  /** The thread died (heap limit) or did not answer in time. */
  crashed?: string;
}
export interface ScriptResult {
  ok: boolean;
  output: string;
  error?: { name: string; message: string };
}
export type CallResult = { value: string } | { throws: string; message?: string };

export type Files = Readonly<Record<string, string>>;

export interface SandboxOptions {
  /** Worker threads; default min(2, CPUs). */
  threads?: number;
  /** Wall-clock backstop for each test, call or script (and for loading the test files), in ms. Default 2000. */
  timeoutMs?: number;
  /** Heap limit of each thread in MB. Default 128. */
  memoryMb?: number;
  /** A request that takes longer than this (the thread is stuck outside user code) kills the thread. Default 60 s. */
  requestTimeoutMs?: number;
}

type Request =
  | { kind: "suite"; files: Files; testFiles: string[]; timeoutMs: number }
  | { kind: "script"; files: Files; main: string; timeoutMs: number }
  | { kind: "calls"; files: Files; module: string; names: string[]; calls: string[]; timeoutMs: number };

interface Pending {
  id: number;
  request: Request;
  resolve: (value: unknown) => void;
}

interface Slot {
  worker: Worker;
  busy?: Pending;
  timer?: NodeJS.Timeout;
}

const THREAD_FILE = new URL("./sandbox-thread.mjs", import.meta.url);

function hashRequest(request: Request): string {
  const h = createHash("sha1");
  const { files, ...rest } = request;
  h.update(JSON.stringify(rest));
  for (const path of Object.keys(files).sort()) h.update(`\u0000${path}\u0000${files[path]}`);
  return h.digest("hex");
}

export class Sandbox {
  readonly threads: number;
  readonly timeoutMs: number;
  readonly memoryMb: number;
  private readonly requestTimeoutMs: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly cache = new Map<string, Promise<unknown>>();
  private nextId = 1;
  private closed = false;
  /** Requests answered from the cache / actually executed / threads restarted. */
  readonly stats = { hits: 0, runs: 0, restarts: 0 };

  constructor(options: SandboxOptions = {}) {
    this.threads = Math.max(1, options.threads ?? Math.min(2, os.availableParallelism?.() ?? os.cpus().length));
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.memoryMb = options.memoryMb ?? 128;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  }

  /** Runs the named test files of a repository; a test file's tests are whatever it registers with `test/harness.js`. */
  suite(files: Files, testFiles: string[]): Promise<SuiteResult> {
    return this.submit({ kind: "suite", files, testFiles: [...testFiles].sort(), timeoutMs: this.timeoutMs }) as Promise<SuiteResult>;
  }

  /** Runs a script (a file of `files`); it fails when it throws. */
  script(files: Files, main: string): Promise<ScriptResult> {
    return this.submit({ kind: "script", files, main, timeoutMs: this.timeoutMs }) as Promise<ScriptResult>;
  }

  /** Evaluates call expressions over a module's exports, each under the limits, returning `show()`n values or thrown error names. */
  async calls(files: Files, module: string, names: string[], calls: string[]): Promise<CallResult[]> {
    const r = (await this.submit({ kind: "calls", files, module, names, calls, timeoutMs: this.timeoutMs })) as { results?: CallResult[]; crashed?: string };
    return r.results ?? calls.map(() => ({ throws: "Crash", message: r.crashed }));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }

  private submit(request: Request): Promise<unknown> {
    if (this.closed) throw new Error("the sandbox is closed");
    const key = hashRequest(request);
    const cached = this.cache.get(key);
    if (cached) {
      this.stats.hits++;
      return cached;
    }
    const promise = new Promise<unknown>((resolve) => {
      this.queue.push({ id: this.nextId++, request, resolve });
      this.dispatch();
    });
    this.cache.set(key, promise);
    return promise;
  }

  private dispatch() {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.threads) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.busy = job;
      slot.timer = setTimeout(() => this.fail(slot!, `no answer within ${this.requestTimeoutMs} ms`), this.requestTimeoutMs);
      this.stats.runs++;
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, request: job.request });
    }
  }

  private spawn(): Slot {
    const worker = new Worker(THREAD_FILE, {
      resourceLimits: { maxOldGenerationSizeMb: this.memoryMb, maxYoungGenerationSizeMb: Math.max(8, this.memoryMb / 8) },
      stdout: true,
      stderr: true,
      execArgv: [],
    });
    worker.unref();
    const slot: Slot = { worker };
    worker.on("message", ({ id, result }: { id: number; result: unknown }) => {
      const job = slot.busy;
      if (!job || job.id !== id) return;
      clearTimeout(slot.timer);
      slot.busy = undefined;
      worker.unref();
      if (result && typeof result === "object" && "internalError" in result) job.resolve(this.crashResult(job.request, String((result as { internalError: unknown }).internalError)));
      else job.resolve(result);
      this.dispatch();
    });
    worker.on("error", (error: Error & { code?: string }) => {
      const why = error.code === "ERR_WORKER_OUT_OF_MEMORY" ? `memory limit exceeded (${this.memoryMb} MB)` : error.message;
      this.fail(slot, why);
    });
    worker.on("exit", () => this.fail(slot, "the sandbox thread exited"));
    this.slots.push(slot);
    return slot;
  }

  /** The thread crashed or hung: answer its job as a crash, replace the thread. */
  private fail(slot: Slot, why: string) {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    clearTimeout(slot.timer);
    void slot.worker.terminate();
    this.stats.restarts++;
    const job = slot.busy;
    slot.busy = undefined;
    if (job) job.resolve(this.crashResult(job.request, why));
    if (!this.closed) this.dispatch();
  }

  private crashResult(request: Request, why: string): unknown {
    const error = { name: "Crash", message: why };
    if (request.kind === "suite") return { tests: [{ file: "(sandbox)", name: "(run)", ok: false, error }], crashed: why } satisfies SuiteResult;
    if (request.kind === "script") return { ok: false, output: "", error } satisfies ScriptResult;
    return { crashed: why };
  }
}
