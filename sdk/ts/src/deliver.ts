import { isRetryable, SkillboardHttpError, type SkillboardClient } from "./client";
import { withRetry, type RetryPolicy } from "./retry";
import type { AppendRequest, CreateRunBody, RunView } from "./types";

/**
 * What became of one append request:
 * - `stored`: acknowledged (`duplicate` when the server already had its batch id);
 * - `dropped`: refused for good (a 4xx other than 401/403/408/429), with a warning;
 * - `unauthorized`: 401/403, so nothing will get through until the key is fixed;
 * - `unreachable`: no answer, or 408/429/5xx, until the retry policy gave up.
 */
export type Delivery =
  | { outcome: "stored"; duplicate: boolean }
  | { outcome: "dropped" | "unauthorized" | "unreachable"; error: Error };

const describe = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** How a failed request ends: retryable errors mean `unreachable`, 401/403 `unauthorized`, other 4xx `dropped`. */
export function classifyFailure(error: unknown): Delivery {
  const err = error instanceof Error ? error : new Error(String(error));
  if (isRetryable(error)) return { outcome: "unreachable", error: err };
  if (error instanceof SkillboardHttpError && (error.status === 401 || error.status === 403)) {
    return { outcome: "unauthorized", error: err };
  }
  return { outcome: "dropped", error: err };
}

/** The request's items split into two halves (with derived batch ids), or null when it cannot be split. */
export function splitRequest(req: AppendRequest): [AppendRequest, AppendRequest] | null {
  const halves = <T>(items: T[]) => [items.slice(0, Math.ceil(items.length / 2)), items.slice(Math.ceil(items.length / 2))];
  switch (req.kind) {
    case "metrics": {
      const body = req.body;
      if ("steps" in body) {
        if (body.steps.length < 2) return null;
        const [a, b] = halves(body.steps);
        return [
          { kind: "metrics", body: { batchId: `${body.batchId}.1`, steps: a } },
          { kind: "metrics", body: { batchId: `${body.batchId}.2`, steps: b } },
        ];
      }
      if (body.points.length < 2) return null;
      const [a, b] = halves(body.points);
      return [
        { kind: "metrics", body: { batchId: `${body.batchId}.1`, points: a } },
        { kind: "metrics", body: { batchId: `${body.batchId}.2`, points: b } },
      ];
    }
    case "evals": {
      if (req.body.evals.length < 2) return null;
      const [a, b] = halves(req.body.evals);
      return [
        { kind: "evals", body: { batchId: `${req.body.batchId}.1`, evals: a } },
        { kind: "evals", body: { batchId: `${req.body.batchId}.2`, evals: b } },
      ];
    }
    case "trajectories": {
      if (req.body.trajectories.length < 2) return null;
      const [a, b] = halves(req.body.trajectories);
      return [
        { kind: "trajectories", body: { batchId: `${req.body.batchId}.1`, trajectories: a } },
        { kind: "trajectories", body: { batchId: `${req.body.batchId}.2`, trajectories: b } },
      ];
    }
    case "logs": {
      if (req.body.chunks.length < 2) return null;
      const [a, b] = halves(req.body.chunks);
      return [
        { kind: "logs", body: { batchId: `${req.body.batchId}.1`, chunks: a } },
        { kind: "logs", body: { batchId: `${req.body.batchId}.2`, chunks: b } },
      ];
    }
    case "finish":
      return null;
  }
}

/**
 * Sends one append request (a spool line) with retries. A 413 splits the
 * batch in two, deterministically, so a replay splits it the same way and the
 * server still recognises the halves it has stored.
 */
export async function deliverRequest(
  client: SkillboardClient,
  runId: string,
  req: AppendRequest,
  retry: RetryPolicy,
  warn: (message: string) => void,
): Promise<Delivery> {
  try {
    const res = await withRetry(() => client.post(req.kind, runId, req.body as never), retry);
    return { outcome: "stored", duplicate: Boolean((res as { duplicate?: boolean }).duplicate) };
  } catch (error) {
    if (error instanceof SkillboardHttpError && error.status === 413) {
      const parts = splitRequest(req);
      if (parts) {
        for (const part of parts) {
          const d = await deliverRequest(client, runId, part, retry, warn);
          if (d.outcome !== "stored") return d;
        }
        return { outcome: "stored", duplicate: false };
      }
    }
    const d = classifyFailure(error);
    if (d.outcome === "dropped") {
      if (req.kind === "finish") warn(`could not finish run '${runId}': ${describe(error)}`);
      else warn(`the server refused a ${req.kind} batch of run '${runId}' (${describe(error)}); it is dropped`);
    }
    return d;
  }
}

/**
 * Makes sure the run exists on the server: reads it, and creates it with its
 * client-chosen id when it is not there (creation with an id is idempotent).
 */
export async function ensureRemoteRun(client: SkillboardClient, body: CreateRunBody & { id: string }, retry: RetryPolicy): Promise<RunView> {
  return withRetry(async () => {
    try {
      return await client.getRun(body.id);
    } catch (error) {
      if (error instanceof SkillboardHttpError && error.status === 404) return client.createRun(body);
      throw error;
    }
  }, retry);
}
