import type { SchedulerPhase, SchedulerStatus } from "./executor";

/**
 * Slurm's job states in Skillboard's words. PENDING → queued (its reason
 * shown), RUNNING → running, COMPLETED → succeeded, FAILED / OUT_OF_MEMORY /
 * TIMEOUT / NODE_FAIL / BOOT_FAIL / DEADLINE → failed with that reason,
 * CANCELLED → canceled, REQUEUED → queued again (Slurm runs it again),
 * PREEMPTED → queued again (it ended in Slurm: Skillboard submits it again).
 */
const PHASES: Record<string, SchedulerPhase> = {
  PENDING: "queued",
  REQUEUE_HOLD: "requeued",
  REQUEUE_FED: "requeued",
  REQUEUED: "requeued",
  PREEMPTED: "preempted",
  CONFIGURING: "starting",
  RUNNING: "running",
  COMPLETING: "running",
  SUSPENDED: "running",
  STOPPED: "running",
  SIGNALING: "running",
  STAGE_OUT: "running",
  RESIZING: "running",
  RESV_DEL_HOLD: "queued",
  COMPLETED: "succeeded",
  CANCELLED: "canceled",
  FAILED: "failed",
  OUT_OF_MEMORY: "failed",
  TIMEOUT: "failed",
  NODE_FAIL: "failed",
  BOOT_FAIL: "failed",
  DEADLINE: "failed",
  SPECIAL_EXIT: "failed",
  REVOKED: "canceled",
};

/** What a failed state means, for the run's error. */
export const FAILURE_TEXT: Record<string, string> = {
  TIMEOUT: "the job ran past its time limit",
  OUT_OF_MEMORY: "the job ran out of memory",
  NODE_FAIL: "a node of the job failed",
  BOOT_FAIL: "a node of the job failed to boot",
  DEADLINE: "the job reached its deadline",
  FAILED: "the job's script exited with a non-zero code",
  SPECIAL_EXIT: "the job was held in SPECIAL_EXIT",
};

/** `CANCELLED by 0` → `CANCELLED`; unknown words map to running (Slurm adds states rarely; they are never final). */
export function slurmPhase(state: string): { state: string; phase: SchedulerPhase } {
  const word = state.trim().split(/\s+/)[0].replace(/\+$/, "").toUpperCase();
  return { state: word, phase: PHASES[word] ?? "running" };
}

/** squeue's columns: job id, state, exit status (raw, as wait(2) gives it), node list, reason; `|` between, never truncated. */
export const SQUEUE_FORMAT = "JobID:|,State:|,exit_code:|,NodeList:|,Reason:";

/** Parses `squeue --noheader --Format=JobID:|,State:|,exit_code:|,NodeList:|,Reason:`. */
export function parseSqueue(text: string): Map<string, SchedulerStatus> {
  const out = new Map<string, SchedulerStatus>();
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const [id, rawState, rawExit, nodes, ...reason] = line.split("|");
    if (!id?.trim() || !rawState?.trim()) continue;
    const { state, phase } = slurmPhase(rawState);
    const r = reason.join("|").trim();
    const final = phase === "succeeded" || phase === "failed" || phase === "canceled" || phase === "preempted";
    out.set(id.trim(), {
      phase,
      state,
      reason: r && r !== "None" && r !== "(null)" ? r : null,
      nodes: nodes?.trim() && nodes.trim() !== "(null)" ? nodes.trim() : null,
      ...(final ? decodeWaitStatus(rawExit) : { exitCode: null, signal: null }),
    });
  }
  return out;
}

/** squeue's exit_code is the raw wait status: 768 → code 3; 15 → signal 15. */
export function decodeWaitStatus(raw: string | undefined): { exitCode: number | null; signal: number | null } {
  const v = Number(raw?.trim());
  if (!raw?.trim() || !Number.isInteger(v) || v < 0) return { exitCode: null, signal: null };
  const signal = v & 0x7f;
  return signal ? { exitCode: null, signal } : { exitCode: (v >> 8) & 0xff, signal: null };
}

/** `3:0` → code 3; `0:15` → signal 15. */
export function parseExitCode(text: string | undefined): { exitCode: number | null; signal: number | null } {
  const m = text?.match(/^(\d+):(\d+)$/);
  if (!m) return { exitCode: null, signal: null };
  const signal = Number(m[2]);
  return { exitCode: Number(m[1]), signal: signal || null };
}

/** Parses `scontrol show job -o ID` (one line of `Key=Value` pairs); null when Slurm does not know the job. */
export function parseScontrolJob(text: string): SchedulerStatus | null {
  const line = text.split("\n").find((l) => l.includes("JobState="));
  if (!line) return null;
  const field = (key: string) => line.match(new RegExp(`(?:^|\\s)${key}=(.*?)(?=\\s+[A-Za-z/:]+=|$)`))?.[1]?.trim();
  const { state, phase } = slurmPhase(field("JobState") ?? "");
  const reason = field("Reason");
  const nodes = field("NodeList");
  return {
    phase,
    state,
    reason: reason && reason !== "None" ? reason : null,
    nodes: nodes && nodes !== "(null)" ? nodes : null,
    ...parseExitCode(field("ExitCode")),
  };
}

/** Parses `sacct --noheader --parsable2 --allocations --format=JobID,State,ExitCode,NodeList,Reason -j ID`; null when it has no row. */
export function parseSacct(text: string, id: string): SchedulerStatus | null {
  const row = text
    .split("\n")
    .map((l) => l.split("|"))
    .find((cols) => cols[0]?.trim() === id);
  if (!row) return null;
  const { state, phase } = slurmPhase(row[1] ?? "");
  const reason = row[4]?.trim();
  return {
    phase,
    state,
    reason: reason && reason !== "None" ? reason : null,
    nodes: row[3]?.trim() && row[3].trim() !== "None assigned" ? row[3].trim() : null,
    ...parseExitCode(row[2]?.trim()),
  };
}

/** Parses `sbatch --parsable` output: `12345` or `12345;cluster`. */
export function parseSbatch(stdout: string): string | null {
  const m = stdout.trim().split("\n").pop()?.match(/^(\d+)(;.*)?$/);
  return m ? m[1] : null;
}

/** sbatch / squeue errors that say the controller could not be reached now (retried), not that the job is wrong. */
export function isTransientSlurmError(stderr: string): boolean {
  return /Unable to contact slurm controller|Socket timed out|Connection refused|Connection timed out|try again|Resource temporarily unavailable|Zero Bytes were transmitted|slurm_persist_conn|No route to host|Could not resolve hostname|ssh: connect/i.test(
    stderr,
  );
}
