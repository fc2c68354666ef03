import type { CreateRunBody, Trajectory } from "./types";

/**
 * Checks of what the user logs, done when it is logged: a value the server
 * would refuse would otherwise take its whole batch down with it. Mistakes in
 * the code (a bad step, a missing field) throw a TypeError at the call;
 * NaN/Infinity, which real training produces, are dropped with a warning by the caller.
 */

export function checkStep(step: unknown, what = "step"): number {
  if (typeof step !== "number" || !Number.isSafeInteger(step) || step < 0) {
    throw new TypeError(`skillboard: ${what} must be a non-negative integer, got ${String(step)}`);
  }
  return step;
}

export function checkString(value: unknown, what: string, max: number): string {
  if (typeof value !== "string" || value.length === 0 || value.length > max) {
    throw new TypeError(`skillboard: ${what} must be a string of 1 to ${max} characters, got ${JSON.stringify(value)?.slice(0, 80)}`);
  }
  return value;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A deep copy through JSON, so later changes to the caller's object do not change what is sent. */
export function jsonCopy<T>(value: T, what: string): T {
  try {
    return JSON.parse(JSON.stringify(value)) as T;
  } catch (error) {
    throw new TypeError(`skillboard: ${what} is not JSON-serialisable (${(error as Error).message})`);
  }
}

/** The create-run body from init options, checked against the server's limits. */
export function checkRunBody(body: CreateRunBody): CreateRunBody {
  const out: CreateRunBody = {};
  if (body.id !== undefined) out.id = body.id;
  if (body.project !== undefined) out.project = checkString(body.project, "project", 200);
  if (body.name !== undefined) out.name = checkString(body.name, "name", 500);
  if (body.group !== undefined) out.group = checkString(body.group, "group", 500);
  if (body.config !== undefined) {
    if (!isPlainObject(body.config)) throw new TypeError("skillboard: config must be a plain object");
    out.config = jsonCopy(body.config, "config");
  }
  if (body.tags !== undefined) {
    if (!Array.isArray(body.tags) || body.tags.length > 100) throw new TypeError("skillboard: tags must be an array of at most 100 strings");
    out.tags = body.tags.map((t) => checkString(t, "tag", 200));
  }
  if (body.notes !== undefined) out.notes = body.notes;
  if (body.gitCommit !== undefined) out.gitCommit = body.gitCommit;
  return out;
}

const optional = (v: unknown) => v === undefined || v === null;

/**
 * A trajectory checked against the server's schema and copied. Returns the
 * reason instead when `reward` or `advantage` is not finite (the caller warns
 * and drops it); throws a TypeError for anything else wrong.
 */
export function checkTrajectory(t: Trajectory): { trajectory: Trajectory; json: string } | { nonFinite: string } {
  if (!isPlainObject(t)) throw new TypeError("skillboard: a trajectory must be an object");
  checkString(t.skill, "trajectory.skill", 200);
  checkString(t.taskId, "trajectory.taskId", 500);
  checkStep(t.step, "trajectory.step");
  if (typeof t.reward !== "number") throw new TypeError("skillboard: trajectory.reward must be a number");
  if (typeof t.passed !== "boolean" && t.passed !== null) throw new TypeError("skillboard: trajectory.passed must be a boolean (or null: outcome unknown)");
  if (!optional(t.groupKey) && (typeof t.groupKey !== "string" || t.groupKey.length > 500)) {
    throw new TypeError("skillboard: trajectory.groupKey must be a string of at most 500 characters");
  }
  if (!optional(t.sampleIndex)) checkStep(t.sampleIndex, "trajectory.sampleIndex");
  if (!optional(t.advantage) && typeof t.advantage !== "number") throw new TypeError("skillboard: trajectory.advantage must be a number");
  if (!Array.isArray(t.turns)) throw new TypeError("skillboard: trajectory.turns must be an array");
  t.turns.forEach((turn, i) => {
    if (!isPlainObject(turn)) throw new TypeError(`skillboard: trajectory.turns[${i}] must be an object`);
    checkString(turn.role, `trajectory.turns[${i}].role`, Infinity);
    if (turn.tokens !== undefined) checkStep(turn.tokens, `trajectory.turns[${i}].tokens`);
    if (turn.durationMs !== undefined && !Number.isFinite(turn.durationMs)) {
      throw new TypeError(`skillboard: trajectory.turns[${i}].durationMs must be a finite number`);
    }
    if (turn.toolCalls !== undefined) {
      if (!Array.isArray(turn.toolCalls) || turn.toolCalls.some((c) => !isPlainObject(c) || typeof c.name !== "string")) {
        throw new TypeError(`skillboard: trajectory.turns[${i}].toolCalls must be an array of {name, arguments}`);
      }
    }
  });
  for (const field of ["verifier", "metadata"] as const) {
    if (t[field] !== undefined && !isPlainObject(t[field])) throw new TypeError(`skillboard: trajectory.${field} must be an object`);
  }
  if (!Number.isFinite(t.reward)) return { nonFinite: `reward ${t.reward}` };
  if (!optional(t.advantage) && !Number.isFinite(t.advantage)) return { nonFinite: `advantage ${t.advantage}` };
  let json: string;
  try {
    json = JSON.stringify(t);
  } catch (error) {
    throw new TypeError(`skillboard: the trajectory is not JSON-serialisable (${(error as Error).message})`);
  }
  return { trajectory: JSON.parse(json) as Trajectory, json };
}
