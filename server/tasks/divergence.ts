import { z } from "zod";
import type { Db } from "@/db";
import { loadTrajectory } from "../trajectories/body-cache";
import type { BlobStore } from "../trajectories/blob-store";
import { parseOrThrow } from "../validation";

type Turn = Record<string, unknown>;
const asTurn = (t: unknown): Turn => (t && typeof t === "object" && !Array.isArray(t) ? (t as Turn) : { role: "unknown", content: t });

/** What an agent did in a turn, for matching two trajectories turn by turn: its tool calls (name and arguments), else its text. */
export function actionSignature(turn: Turn): string {
  const calls = Array.isArray(turn.toolCalls) ? turn.toolCalls : [];
  if (calls.length) return JSON.stringify(calls.map((c) => [(c as { name?: unknown }).name, (c as { arguments?: unknown }).arguments]));
  return JSON.stringify([turn.role, typeof turn.content === "string" ? turn.content.trim() : turn.content ?? null]);
}

/**
 * The first turn index where two trajectories, aligned by index, stop doing the
 * same thing: a different role, or an assistant turn with a different tool call
 * (an edit is a tool call) or text. Observations and user turns are the
 * environment's, so they are not compared. One ending before the other is a
 * divergence too; null: they take the same actions.
 */
export function firstDivergence(left: readonly unknown[], right: readonly unknown[]): number | null {
  const n = Math.min(left.length, right.length);
  for (let i = 0; i < n; i++) {
    const a = asTurn(left[i]);
    const b = asTurn(right[i]);
    if (a.role !== b.role) return i;
    if (a.role === "assistant" && actionSignature(a) !== actionSignature(b)) return i;
  }
  return left.length !== right.length ? n : null;
}

export const trajectoryDivergenceInput = z.object({ a: z.number().int(), b: z.number().int() });

export interface TrajectoryDivergence {
  /** The first turn where the two differ; null when they take the same actions. */
  index: number | null;
  turns: [number, number];
}

/**
 * Where two trajectories diverge, over their whole bodies (the browser loads turns a
 * page at a time, so the first difference may lie far past what it has).
 */
export function readTrajectoryDivergence(db: Db, blobs: BlobStore, raw: z.input<typeof trajectoryDivergenceInput>): TrajectoryDivergence {
  const q = parseOrThrow(trajectoryDivergenceInput, raw);
  const turnsOf = (id: number) => {
    const { body } = loadTrajectory(db, blobs, id);
    return Array.isArray(body.turns) ? body.turns : [];
  };
  const left = turnsOf(q.a);
  const right = turnsOf(q.b);
  return { index: firstDivergence(left, right), turns: [left.length, right.length] };
}
