/**
 * Which value of a series the comparison table shows: the final one, the best
 * one, or the one at a step N (the closest logged step at or before N).
 */
export type ValueMode = { kind: "final" } | { kind: "best" } | { kind: "step"; step: number };

export interface StepValue {
  step: number;
  value: number;
}

/**
 * The chosen point of a series, or null when there is none (an empty series,
 * or nothing logged at or before step N). `best` is the highest value (pass
 * rates: higher is better); a tie goes to the earliest step. Points need not be
 * sorted; non-finite values are ignored.
 */
export function pickValue(points: readonly StepValue[], mode: ValueMode): StepValue | null {
  let chosen: StepValue | null = null;
  for (const p of points) {
    if (!Number.isFinite(p.value)) continue;
    switch (mode.kind) {
      case "final":
        if (!chosen || p.step > chosen.step) chosen = p;
        break;
      case "best":
        if (!chosen || p.value > chosen.value || (p.value === chosen.value && p.step < chosen.step)) chosen = p;
        break;
      case "step":
        if (p.step <= mode.step && (!chosen || p.step > chosen.step)) chosen = p;
        break;
    }
  }
  return chosen ? { step: chosen.step, value: chosen.value } : null;
}

/** `final`, `best` or `step:N` — the URL form of a value mode. */
export function formatValueMode(mode: ValueMode): string {
  return mode.kind === "step" ? `step:${mode.step}` : mode.kind;
}

/** Parses the URL form; anything unreadable is `final`. */
export function parseValueMode(text: string | null | undefined): ValueMode {
  if (text === "best") return { kind: "best" };
  const m = /^step:(\d+)$/.exec(text ?? "");
  if (m) return { kind: "step", step: Number(m[1]) };
  return { kind: "final" };
}

/** How the mode reads in a caption: "final", "best", "at step 100". */
export function describeValueMode(mode: ValueMode): string {
  return mode.kind === "step" ? `at step ${mode.step.toLocaleString("en-US")}` : mode.kind;
}
