import type { Db } from "@/db";
import { listWorkers } from "@/server/jobs/hosts";
import { requestCancel } from "@/server/jobs/workers";
import type { Executor, ExecutorJob, PoolClusterStatus, SchedulerPhase, SchedulerStatus, Submission } from "./executor";

const PHASE_OF_RUN: Record<string, SchedulerPhase> = {
  queued: "queued",
  starting: "starting",
  running: "running",
  succeeded: "succeeded",
  failed: "failed",
  canceled: "canceled",
  lost: "failed",
};

/**
 * The local pool: Skillboard's own queue, which worker agents lease from over
 * REST (workers/agent). Submitting is enqueueing, which the launch already
 * did in its transaction; a job's state is its lease; canceling flags the job
 * for its worker's next heartbeat. Scheduler ids are run ids.
 */
export class LocalExecutor implements Executor {
  readonly type = "local" as const;
  readonly pulledByWorkers = true;

  constructor(
    readonly poolName: string,
    private readonly db: Db,
    private readonly leaseMs: number,
  ) {}

  async submit(job: ExecutorJob): Promise<Submission> {
    return { schedulerId: job.runId, script: `${JSON.stringify(job.argv)}\n` };
  }

  async poll(ids: readonly string[]): Promise<Map<string, SchedulerStatus>> {
    const out = new Map<string, SchedulerStatus>();
    const row = this.db.$client.prepare(
      `SELECT r.status, r.exit_code, r.error, j.state, j.resources, w.host FROM runs r JOIN jobs j ON j.run_pk = r.pk
       LEFT JOIN workers w ON w.id = j.lease_owner WHERE r.id = ?`,
    );
    for (const id of ids) {
      const r = row.get(id) as { status: string; exit_code: number | null; error: string | null; state: string; resources: string; host: string | null } | undefined;
      if (!r) continue;
      const gpus = (JSON.parse(r.resources) as { gpus?: number }).gpus ?? 0;
      out.set(id, {
        phase: PHASE_OF_RUN[r.status] ?? "queued",
        state: r.state === "leased" ? "LEASED" : r.state.toUpperCase(),
        reason: r.state === "queued" ? `waiting for a worker of pool '${this.poolName}' with ${gpus} free GPU(s)` : r.status === "lost" ? r.error : null,
        nodes: r.host,
        exitCode: r.exit_code,
      });
    }
    return out;
  }

  async cancel(id: string): Promise<void> {
    requestCancel(this.db, id);
  }

  async logs(id: string, opts: { tailBytes?: number } = {}): Promise<string> {
    const rows = this.db.$client
      .prepare("SELECT c.text FROM log_chunks c JOIN runs r ON r.pk = c.run_pk WHERE r.id = ? ORDER BY c.seq DESC LIMIT 200")
      .pluck()
      .all(id) as string[];
    return rows.reverse().join("").slice(-(opts.tailBytes ?? 16_384));
  }

  async describe(): Promise<PoolClusterStatus> {
    const workers = listWorkers(this.db, this.leaseMs).filter((w) => w.pool === this.poolName);
    return {
      reachable: true,
      summary: `${workers.filter((w) => w.state === "active").length} active worker(s)`,
      workers: workers.map((w) => ({ id: w.id, host: w.host, state: w.state, gpus: w.gpus.length, runs: w.runs.length })),
    };
  }
}
