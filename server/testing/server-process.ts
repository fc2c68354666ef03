import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * `bin/skillboard server --api-only` as its own process, for tests that kill it:
 * `kill9()` sends SIGKILL, `start()` brings it back on the same port and data folder.
 */
export class ServerProcess {
  port = 0;
  private proc?: ChildProcess;
  private output = "";

  constructor(
    readonly dataDir: string,
    readonly apiKey: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Everything the current process printed (stdout and stderr). */
  get log(): string {
    return this.output;
  }

  /** Starts the server (the first time on a free port, then on the same one) and resolves once it listens. */
  async start(): Promise<void> {
    if (this.proc) throw new Error("the server process is already running");
    const proc = spawn(
      path.join(REPO_ROOT, "bin/skillboard"),
      ["server", "--api-only", "--host", "127.0.0.1", "--port", String(this.port), "--data-dir", this.dataDir],
      { env: { ...process.env, SKILLBOARD_API_KEY: this.apiKey }, stdio: ["ignore", "pipe", "pipe"] },
    );
    this.proc = proc;
    this.output = "";
    const onData = (d: Buffer) => (this.output += d.toString());
    proc.stdout!.on("data", onData);
    proc.stderr!.on("data", onData);
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        const m = /listening on http:\/\/[^:]+:(\d+)/.exec(this.output);
        if (!m) return;
        this.port = Number(m[1]);
        proc.stdout!.off("data", check);
        proc.off("exit", exited);
        resolve();
      };
      const exited = (code: number | null) => {
        this.proc = undefined;
        reject(new Error(`the server exited (${code}) before it listened:\n${this.output}`));
      };
      proc.stdout!.on("data", check);
      proc.once("exit", exited);
    });
  }

  /** Resolves once a line matching `pattern` was printed by the running process. */
  async waitForOutput(pattern: RegExp): Promise<string> {
    const proc = this.proc;
    if (!proc) throw new Error("the server process is not running");
    return new Promise((resolve) => {
      const check = () => {
        const m = pattern.exec(this.output);
        if (!m) return;
        proc.stdout!.off("data", check);
        resolve(m[0]);
      };
      proc.stdout!.on("data", check);
      check();
    });
  }

  /** SIGKILL, as a crash or the OOM killer would: no shutdown code runs. Resolves once the process is gone. */
  async kill9(): Promise<void> {
    await this.signal("SIGKILL");
  }

  /** SIGTERM (an orderly stop); no-op when not running. */
  async stop(): Promise<void> {
    await this.signal("SIGTERM");
  }

  private async signal(sig: NodeJS.Signals): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    this.proc = undefined;
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once("exit", () => resolve());
      proc.kill(sig);
    });
  }
}
