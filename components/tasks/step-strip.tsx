import type { TrajectoryIndexRow } from "@/server/trajectories/list-query";
import { rateColor } from "./task-grid-params";

/** A run's passes per step on one task (across steps); clicking a step shows its first sample. */
export function StepStrip({ trajectories, pick, onPick }: { trajectories: TrajectoryIndexRow[]; pick: number | null; onPick: (id: number) => void }) {
  const steps = new Map<number, { first: number; attempts: number; passes: number; known: number }>();
  for (const t of trajectories) {
    const s = steps.get(t.step) ?? { first: t.id, attempts: 0, passes: 0, known: 0 };
    s.attempts++;
    if (t.passed != null) s.known++;
    if (t.passed) s.passes++;
    steps.set(t.step, s);
  }
  const picked = trajectories.find((t) => t.id === pick)?.step;
  const ordered = [...steps.entries()].sort(([x], [y]) => x - y);
  if (ordered.length < 2) return null;
  return (
    <div className="flex flex-wrap gap-1" aria-label="Steps with this task" data-testid="step-strip">
      {ordered.map(([step, s]) => (
        <button
          key={step}
          type="button"
          onClick={() => onPick(s.first)}
          className={`rounded px-1.5 py-0.5 text-xs tabular-nums text-slate-800 ${picked === step ? "ring-2 ring-indigo-500" : ""}`}
          style={{ background: rateColor(s.known ? s.passes / s.known : null) }}
          title={`step ${step}: ${s.passes}/${s.attempts} passed`}
        >
          {step}: {s.passes}/{s.attempts}
        </button>
      ))}
    </div>
  );
}
