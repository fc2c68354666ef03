import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";
import { ForbiddenError, UnauthorizedError } from "../errors";
import type { Principal } from "./api-keys";

/**
 * Per-job tokens: what every launched job gets as SKILLBOARD_API_KEY instead of
 * a long-lived key: a local worker's jobs (the worker gets the token with the
 * lease: it does not know the secret), Slurm jobs (in the job script) and Ray
 * jobs (Ray shows a job's `runtime_env.env_vars` to anyone who can reach its
 * dashboard). A trainer, or code it runs, can then touch nothing but its run.
 * A token is `sbj_<run id>.<attempt>.<signature>`, an HMAC under a secret kept
 * in the data folder (nothing stored per token), and it
 * - writes only to its own run: REST v1 `/api/v1/runs/<its run>` and below;
 *   every other route, and every other door (tRPC, the MLflow API), refuses it;
 *   the routes' roles apply as to an `sdk` key (no cancel, delete or lease);
 * - belongs to one attempt: a job submitted again gets a new one, and the old
 *   copy's token stops working;
 * - expires an hour after its run ended (time for the last logs to arrive).
 * Deleting `<data dir>/job-token-secret` revokes every token at once.
 */

export const JOB_TOKEN_PREFIX = "sbj_";
/** How long after its run ended a token still works. */
export const JOB_TOKEN_GRACE_MS = 60 * 60_000;

export const jobTokenSecretFile = (dataDir: string) => path.join(dataDir, "job-token-secret");

const SECRETS_KEY = "__skillboardJobTokenSecrets";
/** By data folder; on globalThis because the custom server and Next's route handlers load this module separately. */
const secrets: Map<string, Buffer> = ((globalThis as { [SECRETS_KEY]?: Map<string, Buffer> })[SECRETS_KEY] ??= new Map());

function secretOf(dataDir: string): Buffer {
  const cached = secrets.get(dataDir);
  if (cached) return cached;
  const file = jobTokenSecretFile(dataDir);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error; // another process made it first
    }
  }
  const secret = Buffer.from(fs.readFileSync(file, "utf8").trim(), "hex");
  secrets.set(dataDir, secret);
  return secret;
}

const sign = (secret: Buffer, runId: string, attempt: number) => createHmac("sha256", secret).update(`job-token\n${runId}\n${attempt}`).digest("base64url");

export function issueJobToken(dataDir: string, runId: string, attempt: number): string {
  return `${JOB_TOKEN_PREFIX}${Buffer.from(runId).toString("base64url")}.${attempt}.${sign(secretOf(dataDir), runId, attempt)}`;
}

export const isJobToken = (bearer: string) => bearer.startsWith(JOB_TOKEN_PREFIX);

export interface JobPrincipal extends Principal {
  runId: string;
}

/**
 * The principal of a job token (an `sdk` principal bound to its run), or a 401
 * saying why not: forged, another attempt's, or its run ended over an hour ago.
 */
export function verifyJobToken(sqlite: Database.Database, dataDir: string, token: string, now = Date.now()): JobPrincipal {
  const m = token.slice(JOB_TOKEN_PREFIX.length).match(/^([A-Za-z0-9_-]+)\.(\d{1,6})\.([A-Za-z0-9_-]{43})$/);
  if (!m) throw new UnauthorizedError("Invalid job token.");
  const runId = Buffer.from(m[1], "base64url").toString("utf8");
  const attempt = Number(m[2]);
  const expected = Buffer.from(sign(secretOf(dataDir), runId, attempt));
  const given = Buffer.from(m[3]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new UnauthorizedError("Invalid job token.");
  const row = sqlite
    .prepare("SELECT r.ended_at, j.attempts FROM runs r LEFT JOIN jobs j ON j.run_pk = r.pk WHERE r.id = ?")
    .get(runId) as { ended_at: number | null; attempts: number | null } | undefined;
  if (!row) throw new UnauthorizedError(`This job token's run '${runId}' no longer exists.`);
  if (row.attempts !== attempt) throw new UnauthorizedError(`This job token belongs to attempt ${attempt} of run '${runId}', which is at attempt ${row.attempts ?? 0}.`);
  if (row.ended_at != null && now - row.ended_at > JOB_TOKEN_GRACE_MS) {
    throw new UnauthorizedError(`This job token expired: run '${runId}' ended at ${new Date(row.ended_at).toISOString()}.`);
  }
  return { keyId: 0, role: "sdk", runId };
}

export const isJobPrincipal = (principal: Principal): principal is JobPrincipal => typeof (principal as Partial<JobPrincipal>).runId === "string";

/**
 * A job token may only be used under its own run's REST path, and for `POST /api/v1/runs`,
 * where an SDK that spooled while the server was away creates its run again: that route
 * accepts only the token's own run id (an idempotent create of a run that exists).
 */
export function requireOwnRun(principal: JobPrincipal, req: Request, params: Record<string, string>): void {
  const own = `/api/v1/runs/${encodeURIComponent(principal.runId)}`;
  const pathname = new URL(req.url).pathname;
  if (req.method === "POST" && pathname === "/api/v1/runs") return;
  if (params.id !== principal.runId || !(pathname === own || pathname.startsWith(`${own}/`))) {
    throw new ForbiddenError(`A job token writes only to its own run ('${principal.runId}'): ${req.method} ${pathname} is refused.`);
  }
}
