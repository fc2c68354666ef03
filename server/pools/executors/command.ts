import { spawn } from "node:child_process";
import path from "node:path";

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CommandRunnerOptions {
  /**
   * Put before every command, e.g. `["ssh", "login1"]` when the server is not
   * on a login node. After an `ssh` prefix the command is sent as one
   * shell-quoted string (ssh hands it to the remote shell); after any other
   * prefix (`sudo -u svc`, a wrapper script) the arguments stay separate.
   */
  prefix?: readonly string[];
  /** Added to the environment of every command. */
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Runs scheduler commands (sbatch, squeue, …) without a local shell. */
export type CommandRunner = (argv: readonly string[], opts?: { input?: string }) => Promise<CommandResult>;

/** `it's` → `'it'\''s'`: one literal word for a POSIX shell, whatever it holds. */
export function shQuote(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function shJoin(argv: readonly string[]): string {
  return argv.map(shQuote).join(" ");
}

/** The argv actually started for `argv` under `prefix`. */
export function prefixedArgv(prefix: readonly string[], argv: readonly string[]): string[] {
  if (!prefix.length) return [...argv];
  if (path.basename(prefix[0]) === "ssh") return [...prefix, "--", shJoin(argv)];
  return [...prefix, ...argv];
}

export function createCommandRunner(opts: CommandRunnerOptions = {}): CommandRunner {
  const prefix = opts.prefix ?? [];
  const timeoutMs = opts.timeoutMs ?? 60_000;
  return (argv, { input } = {}) =>
    new Promise((resolve, reject) => {
      const full = prefixedArgv(prefix, argv);
      const child = spawn(full[0], full.slice(1), {
        env: { ...process.env, ...opts.env },
        stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
      child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`${argv[0]}: no answer within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      child.once("error", (error) => {
        clearTimeout(timer);
        reject(new Error(`cannot run ${full[0]}: ${error.message}`, { cause: error }));
      });
      child.once("close", (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
      if (input !== undefined) {
        child.stdin!.on("error", () => {}); // the command may exit before reading it all; its exit status says why
        child.stdin!.end(input);
      }
    });
}
