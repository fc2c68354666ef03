import type { TurnView } from "@/server/trajectories/turn-pages";

/** What an agent did in a turn, for matching two trajectories turn by turn: its tool calls (name and arguments), else its text. */
export function actionSignature(turn: Record<string, unknown>): string {
  const calls = Array.isArray(turn.toolCalls) ? turn.toolCalls : [];
  if (calls.length) return JSON.stringify(calls.map((c) => [(c as { name?: unknown }).name, (c as { arguments?: unknown }).arguments]));
  return JSON.stringify([turn.role, typeof turn.content === "string" ? turn.content.trim() : turn.content ?? null]);
}

/**
 * The first turn index where two trajectories, aligned by index, stop doing the
 * same thing: a different role, or an assistant turn with a different tool call
 * (an edit is a tool call) or text. Observations and user turns are the
 * environment's, so they are not compared. `complete`: both sides are fully
 * loaded, so one ending before the other is a divergence too; otherwise null
 * means "no difference in what is loaded".
 */
export function firstDivergence(left: TurnView[], right: TurnView[], complete: boolean): number | null {
  const n = Math.min(left.length, right.length);
  for (let i = 0; i < n; i++) {
    const a = left[i].turn;
    const b = right[i].turn;
    if (a.role !== b.role) return i;
    if (a.role === "assistant" && actionSignature(a) !== actionSignature(b)) return i;
  }
  return complete && left.length !== right.length ? n : null;
}
