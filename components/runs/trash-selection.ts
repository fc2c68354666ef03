import type { RunView } from "@/server/runs/service";
import { isLiveStatus } from "./run-status";

/**
 * Whether Skillboard itself still runs this run (launched from a recipe, queued or running):
 * it must be canceled before it can be deleted. A run a trainer logs on its own can always go.
 */
export const mustCancelBeforeDelete = (r: Pick<RunView, "status" | "recipe">) => r.recipe != null && isLiveStatus(r.status);

/** The selected runs that can go to the trash, and launched runs still queued or running (skipped: cancel them first). */
export function splitForDelete(runs: readonly Pick<RunView, "id" | "status" | "recipe">[]): { deletable: string[]; inFlight: string[] } {
  const deletable: string[] = [];
  const inFlight: string[] = [];
  for (const r of runs) (mustCancelBeforeDelete(r) ? inFlight : deletable).push(r.id);
  return { deletable, inFlight };
}

const runs = (n: number) => `${n} run${n === 1 ? "" : "s"}`;

/** What the runs table says after Delete or Restore on the selection. */
export function describeTrashResult(action: "deleted" | "restored", done: number, skipped: number, failed = 0): string {
  const head = action === "deleted" ? `Moved ${runs(done)} to the trash.` : `Restored ${runs(done)}.`;
  const parts = [head];
  if (skipped) parts.push(`Skipped ${runs(skipped)} still queued or running (cancel ${skipped === 1 ? "it" : "them"} first).`);
  if (failed) parts.push(`${runs(failed)} could not be changed; try again.`);
  return parts.join(" ");
}
