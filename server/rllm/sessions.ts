import type { Db } from "@/db";
import { createRun, finishRun, requireRunRow, touchRun, type RunView } from "../runs/service";
import { parseOrThrow } from "../validation";
import { sessionCompleteBody, sessionCreateBody } from "./payloads";

/**
 * An rllm session is a run: `POST /api/sessions` creates one (project = rllm's project,
 * name = its experiment, config = its config) and answers its id, which rllm then sends
 * as `session_id` with everything it logs.
 */
export function createSession(db: Db, body: unknown): RunView {
  const input = parseOrThrow(sessionCreateBody, body);
  const config: Record<string, unknown> = { ...(input.config ?? {}) };
  // The source of the workflow/agent classes rllm extracted; kept with the config it ran with.
  if (input.source_metadata && Object.keys(input.source_metadata).length && !("source_metadata" in config)) {
    config.source_metadata = input.source_metadata;
  }
  const sessionType = input.session_type || "training";
  return createRun(db, { project: input.project, name: input.experiment, config, tags: ["rllm", `rllm:${sessionType}`] }).run;
}

/** rllm's liveness ping (every 30 s): marks the run as updated. */
export function heartbeatSession(db: Db, sessionId: string): void {
  touchRun(db, requireRunRow(db, sessionId).pk);
}

const FINAL_STATUS = { completed: "succeeded", failed: "failed", canceled: "canceled", cancelled: "canceled" } as const;

/** `complete` → the run ends: completed = succeeded, failed = failed. Sent again with the same status, a no-op. */
export function completeSession(db: Db, sessionId: string, body: unknown): RunView {
  const input = parseOrThrow(sessionCompleteBody, body ?? {});
  return finishRun(db, sessionId, { status: FINAL_STATUS[input.status], exitCode: input.exit_code ?? null });
}
