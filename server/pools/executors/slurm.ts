import fs from "node:fs";
import path from "node:path";
import type { SlurmPoolConfig } from "@/server/pools/config";
import { createCommandRunner, type CommandRunner } from "./command";
import { jobNameFor, SubmitError, type Executor, type ExecutorJob, type PoolClusterStatus, type SchedulerStatus, type Submission } from "./executor";
import { forEachLimit } from "./for-each-limit";
import { buildSlurmScript } from "./slurm-script";
import { isTransientSlurmError, parseSacct, parseSbatch, parseScontrolJob, parseSqueue, SQUEUE_FORMAT } from "./slurm-states";

export interface SlurmExecutorOptions {
  /** Cluster-side folder of run folders (`<workDir>/<run id>`). */
  workDir: string;
  repoDir: string;
  /** The in-job wrapper's command. */
  skillboard: readonly string[];
  /** Default: the pool's commandPrefix and commandEnv. */
  run?: CommandRunner;
}

/**
 * Hands runs to Slurm: `sbatch --parsable` with the job script on stdin (a
 * copy goes to the run's folder), one `squeue --states=all` for all of the
 * pool's jobs per poll (state, reason, nodes, and the exit status of jobs that
 * ended while slurmctld still holds them, MinJobAge), `scontrol show job`
 * then `sacct` for a job squeue no longer lists, `scancel` to cancel.
 */
export class SlurmExecutor implements Executor {
  readonly type = "slurm" as const;
  readonly pulledByWorkers = false;
  private readonly run: CommandRunner;

  constructor(
    readonly pool: SlurmPoolConfig,
    private readonly opts: SlurmExecutorOptions,
  ) {
    this.run = opts.run ?? createCommandRunner({ prefix: pool.commandPrefix, env: pool.commandEnv });
  }

  async submit(job: ExecutorJob): Promise<Submission> {
    const script = buildSlurmScript(this.pool, job, { workDir: this.opts.workDir, repoDir: this.opts.repoDir, skillboard: this.opts.skillboard });
    fs.mkdirSync(job.serverRunDir, { recursive: true });
    fs.writeFileSync(path.join(job.serverRunDir, "slurm-job.sh"), script.shown);
    if (job.maybeSubmitted) {
      const existing = await this.findByName(jobNameFor(job.runId, job.attempt));
      if (existing) return { schedulerId: existing, script: script.shown, adopted: true };
    }
    // Slurm opens the output file before the script runs: its folder must exist (shared with the server by default).
    fs.mkdirSync(path.dirname(script.outputFile), { recursive: true });
    const res = await this.command(["sbatch", "--parsable"], script.text, "sbatch");
    const id = res.code === 0 ? parseSbatch(res.stdout) : null;
    if (!id) {
      const why = (res.stderr || res.stdout).trim() || `exit status ${res.code}`;
      throw new SubmitError(`sbatch refused the job: ${why}`, !isTransientSlurmError(why));
    }
    return { schedulerId: id, script: script.shown };
  }

  async poll(ids: readonly string[]): Promise<Map<string, SchedulerStatus>> {
    if (!ids.length) return new Map();
    const res = await this.command(["squeue", "--noheader", "--states=all", `--jobs=${ids.join(",")}`, `--Format=${SQUEUE_FORMAT}`], undefined, "squeue");
    // Every id unknown: squeue exits 1 with "Invalid job id specified". Any other failure is the controller's, not the jobs'.
    if (res.code !== 0 && !/Invalid job id/i.test(res.stderr)) throw new Error(`squeue failed: ${res.stderr.trim() || `exit status ${res.code}`}`);
    const out = res.code === 0 ? parseSqueue(res.stdout) : new Map<string, SchedulerStatus>();
    const wanted = new Set(ids);
    for (const id of out.keys()) if (!wanted.has(id)) out.delete(id);
    // Gone from slurmctld's memory: the job's record, from scontrol (a race with MinJobAge) or from accounting.
    const gone = ids.filter((id) => !out.has(id));
    await forEachLimit(gone, 8, async (id) => {
      const record = await this.finalRecord(id);
      if (record) out.set(id, record);
    });
    return out;
  }

  async cancel(id: string): Promise<void> {
    const res = await this.command(["scancel", id], undefined, "scancel");
    if (res.code !== 0 && !/already completing or completed|Invalid job id/i.test(res.stderr)) {
      throw new Error(`scancel ${id} failed: ${res.stderr.trim() || `exit status ${res.code}`}`);
    }
  }

  async logs(id: string, opts: { tailBytes?: number } = {}): Promise<string> {
    const record = await this.command(["scontrol", "show", "job", "-o", id], undefined, "scontrol");
    const file = record.stdout.match(/(?:^|\s)StdOut=(\S+)/)?.[1];
    if (!file) return "";
    const res = await this.command(["tail", "-c", String(opts.tailBytes ?? 16_384), file], undefined, "tail");
    return res.code === 0 ? res.stdout : "";
  }

  async describe(): Promise<PoolClusterStatus> {
    try {
      const res = await this.command(["sinfo", "--noheader", "--Node", `--partition=${this.pool.partition}`, "--Format=NodeList:|,StateLong:|,CPUsState:|,Gres:|,GresUsed:"], undefined, "sinfo");
      if (res.code !== 0) return { reachable: false, error: res.stderr.trim() || `sinfo: exit status ${res.code}` };
      const nodes = res.stdout
        .split("\n")
        .filter((l) => l.trim())
        .map((l) => {
          const [name, state, cpus, gres, gresUsed] = l.split("|").map((s) => s.trim());
          return { name, state, cpus: cpusText(cpus), gpus: gpuCount(gres), gpusUsed: gpuCount(gresUsed) };
        });
      const version = await this.command(["sinfo", "--version"], undefined, "sinfo");
      return { reachable: true, summary: `${version.stdout.trim() || "Slurm"}, partition ${this.pool.partition}`, nodes };
    } catch (error) {
      return { reachable: false, error: (error as Error).message };
    }
  }

  /** The job's full record: `scontrol show job`, else `sacct` when accounting keeps it; null when Slurm knows nothing of it. */
  private async finalRecord(id: string): Promise<SchedulerStatus | null> {
    const sc = await this.command(["scontrol", "show", "job", "-o", id], undefined, "scontrol");
    if (sc.code === 0) {
      const s = parseScontrolJob(sc.stdout);
      if (s) return s;
    } else if (!/Invalid job id/i.test(sc.stderr)) {
      throw new Error(`scontrol show job ${id} failed: ${sc.stderr.trim() || `exit status ${sc.code}`}`);
    }
    const sa = await this.command(["sacct", "--noheader", "--parsable2", "--allocations", "--format=JobID,State,ExitCode,NodeList,Reason", "-j", id], undefined, "sacct");
    // "Slurm accounting storage is disabled": the job is gone from the controller and there is no other record.
    return sa.code === 0 ? parseSacct(sa.stdout, id) : null;
  }

  private async findByName(name: string): Promise<string | null> {
    const res = await this.command(["squeue", "--noheader", "--states=all", `--name=${name}`, "--format=%i"], undefined, "squeue");
    if (res.code !== 0) throw new SubmitError(`squeue --name=${name} failed: ${res.stderr.trim()}`, false);
    const ids = res.stdout.split("\n").map((s) => s.trim()).filter(Boolean);
    return ids.length ? ids.sort((a, b) => Number(b) - Number(a))[0] : null;
  }

  private async command(argv: string[], input: string | undefined, what: string) {
    try {
      return await this.run(argv, { input });
    } catch (error) {
      if (what === "sbatch") throw new SubmitError((error as Error).message, false);
      throw error;
    }
  }
}

/** sinfo's `gpu:4(S:0)` / `gpu:a100:4` / `(null)` → "4"; several GRES are summed. */
function gpuCount(gres: string | undefined): string {
  let n = 0;
  for (const m of (gres ?? "").matchAll(/gpu(?::[A-Za-z0-9_.-]+)?:(\d+)/g)) n += Number(m[1]);
  return String(n);
}

/** `A/I/O/T` → "allocated A of T". */
function cpusText(s: string | undefined): string {
  const [a, , , t] = (s ?? "").split("/");
  return t ? `${a}/${t}` : (s ?? "");
}
