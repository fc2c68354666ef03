import { z } from "zod";
import type { Db } from "@/db";
import type { JobExitReport } from "@/db/schema";
import { AppError, ConflictError } from "../errors";
import { recordRunEvent } from "../jobs/events";
import { requireRunRow } from "../runs/service";
import { parseOrThrow } from "../validation";
import { getClusterJob } from "./job-state";

/**
 * What the in-job wrapper (`skillboard exec`) reports from inside a Slurm
 * allocation or a Ray job: that the process started (where), and how it
 * exited. The wrapper has no lease: the server checks that the report comes
 * from the run's current scheduler job. A start makes the run `running`; an
 * exit is recorded, and the run ends when the scheduler's own state says so
 * (the next poll): the scheduler decides (a time limit or a cancel is its
 * word), the report supplies the exit code and the stderr tail.
 */
export const schedulerReportInput = z.discriminatedUnion("event", [
  z.object({
    event: z.literal("started"),
    /** SLURM_JOB_ID, or Ray's submission id. */
    schedulerId: z.string().max(200).nullish(),
    /** SLURM_JOB_NODELIST, or the host. */
    nodes: z.string().max(10_000).nullish(),
    host: z.string().max(255).nullish(),
    pid: z.number().int().nullish(),
  }),
  z.object({
    event: z.literal("exited"),
    schedulerId: z.string().max(200).nullish(),
    exitCode: z.number().int().nullable(),
    signal: z.string().max(20).nullish(),
    /** The wrapper was signalled (scancel, time limit, Ray stop) and stopped the process. */
    signaled: z.boolean().default(false),
    error: z.string().max(100_000).nullish(),
  }),
]);
export type SchedulerReport = z.input<typeof schedulerReportInput>;

export class StaleJobReportError extends AppError {
  constructor(runId: string, reported: string, current: string) {
    super(409, "stale_job", `Run '${runId}' is now scheduler job ${current}, not ${reported}: this copy of the run is stale; stop it.`);
  }
}

export function recordSchedulerReport(db: Db, runId: string, raw: unknown, now = Date.now()): { id: string; status: string } {
  const input = parseOrThrow(schedulerReportInput, raw);
  const sqlite = db.$client;
  return sqlite.transaction(() => {
    const run = requireRunRow(db, runId);
    const job = getClusterJob(sqlite, run.pk);
    if (!job || job.state === "queued" || job.state === "leased") {
      throw new ConflictError(`Run '${runId}' is not on a cluster pool's scheduler (its job is ${job?.state ?? "missing"}); only the in-job wrapper of a Slurm or Ray job reports here.`);
    }
    if (job.state === "done") throw new ConflictError(`Run '${runId}' already ended as '${run.status}'.`);
    if (input.schedulerId && job.scheduler_id && input.schedulerId !== job.scheduler_id) throw new StaleJobReportError(runId, input.schedulerId, job.scheduler_id);
    const where = input.schedulerId ? `job ${input.schedulerId}` : "the scheduler's job";
    if (input.event === "started") {
      const nodes = input.nodes || input.host || null;
      sqlite.prepare("UPDATE jobs SET nodes = coalesce(?, nodes) WHERE run_pk = ?").run(nodes, run.pk);
      sqlite.prepare("UPDATE runs SET status = 'running', started_at = coalesce(started_at, ?), updated_at = ? WHERE pk = ?").run(now, now, run.pk);
      recordRunEvent(sqlite, run.pk, "started", `started on ${nodes ?? "?"} by the in-job wrapper (${where}${input.pid ? `, pid ${input.pid}` : ""})`, now);
      return { id: runId, status: "running" };
    }
    const report: JobExitReport = {
      exitCode: input.exitCode,
      signal: input.signal ?? null,
      signaled: input.signaled,
      error: input.error ?? null,
      at: now,
    };
    sqlite.prepare("UPDATE jobs SET exit_report = ? WHERE run_pk = ?").run(JSON.stringify(report), run.pk);
    const how = input.signal ? `was killed by ${input.signal}` : `exited with code ${input.exitCode}`;
    recordRunEvent(sqlite, run.pk, "exited", `the process ${how}${input.signaled ? " after the scheduler signalled the job" : ""} (${where}); waiting for the scheduler's final state`, now);
    return { id: runId, status: run.status };
  })();
}
