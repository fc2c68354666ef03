import { spawn, type ChildProcess } from "node:child_process";

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The program could not be started (not found, not executable, bad cwd). */
  spawnError?: Error;
}

export interface ProcessGroup {
  child: ChildProcess;
  /** The leader's pid, which is also the group id; undefined when the spawn failed. */
  pid?: number;
  /** Resolves once the leader exited, the rest of its group was killed and its output drained. */
  exited: Promise<ProcessExit>;
}

/**
 * Starts `argv` without a shell, as the leader of a new process group (and
 * session), with stdout and stderr piped. When the leader exits, whatever is
 * left of its group (background children) is killed: the job is over. When this
 * process dies first (even by SIGKILL), a watchdog stops the group: SIGTERM, then
 * SIGKILL after `orphanGraceMs`.
 */
export function spawnProcessGroup(argv: readonly string[], opts: { cwd: string; env: NodeJS.ProcessEnv; orphanGraceMs?: number }): ProcessGroup {
  const child = spawn(argv[0], argv.slice(1), { cwd: opts.cwd, env: opts.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const pid = child.pid;
  const watchdog = pid === undefined ? undefined : spawnOrphanWatchdog(pid, opts.orphanGraceMs ?? 10_000);
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once("error", (error) => {
      if (child.pid === undefined) resolve({ code: null, signal: null, spawnError: error });
    });
    child.once("exit", (code, signal) => {
      watchdog?.kill("SIGKILL");
      if (pid !== undefined) signalGroup(pid, "SIGKILL");
      const done = () => resolve({ code, signal });
      child.once("close", done);
      // A process that escaped the group could hold the pipes open; do not wait for it forever.
      setTimeout(done, 5_000).unref();
    });
  });
  return { child, pid, exited };
}

/**
 * A shell, outside the job's group, that blocks reading a pipe only this process
 * holds open. The kernel closes the pipe when this process dies however it dies;
 * the read then ends and the shell stops the group. Node cannot ask the kernel to
 * signal children on its death (prctl PR_SET_PDEATHSIG), and that would reach only
 * the leader, not the rest of its group.
 */
function spawnOrphanWatchdog(pgid: number, graceMs: number): ChildProcess {
  const graceSeconds = Math.max(0, graceMs / 1000).toFixed(1);
  const script = `read _ignored; kill -TERM -${pgid} 2>/dev/null || exit 0; sleep ${graceSeconds}; kill -KILL -${pgid} 2>/dev/null; exit 0`;
  const watchdog = spawn("sh", ["-c", script], { detached: true, stdio: ["pipe", "ignore", "ignore"] });
  watchdog.on("error", () => {}); // no sh: the job runs without the watchdog
  watchdog.stdin!.on("error", () => {});
  // Neither the pipe nor the process keeps this process's event loop alive.
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void }).unref?.();
  return watchdog;
}

/** Sends `signal` to every process of the group; false when none is left (or it may not be signalled). */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is gone
  }
}

/** SIGTERM to the group, then SIGKILL when the leader is still there after `graceMs`; resolves when it exited. */
export async function stopProcessGroup(group: ProcessGroup, graceMs: number): Promise<ProcessExit> {
  if (group.pid === undefined) return group.exited;
  const pid = group.pid;
  let exited = false;
  void group.exited.then(() => (exited = true));
  signalGroup(pid, "SIGTERM");
  const timer = setTimeout(() => {
    if (!exited) signalGroup(pid, "SIGKILL");
  }, graceMs);
  try {
    return await group.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** SIGKILL to the whole group at once (a copy of a job that was reassigned). */
export function killProcessGroup(group: ProcessGroup): Promise<ProcessExit> {
  if (group.pid !== undefined) signalGroup(group.pid, "SIGKILL");
  return group.exited;
}
