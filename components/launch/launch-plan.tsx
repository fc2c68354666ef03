"use client";

const SHOWN = 12;

function Names({ names, testId }: { names: string[]; testId: string }) {
  return (
    <ul className="flex flex-wrap gap-1" data-testid={testId}>
      {names.slice(0, SHOWN).map((n) => (
        <li key={n} className="rounded-md bg-white px-1.5 py-0.5 font-mono text-[12px] text-slate-700 ring-1 ring-inset ring-slate-200">
          {n}
        </li>
      ))}
      {names.length > SHOWN && <li className="px-1 text-xs text-slate-500">+{names.length - SHOWN} more</li>}
    </ul>
  );
}

const runs = (n: number) => `${n} run${n === 1 ? "" : "s"}`;

/** What each button will create (the run names), and the buttons. */
export function LaunchPlan({
  single,
  ablation,
  compositeOnly = [],
  group,
  canLaunch,
  pending,
  onLaunch,
  formError,
}: {
  single: string[];
  /** Run names of the ablation set; null when the recipe has no skills param. */
  ablation: string[] | null;
  /** Composite benchmarks the ablation set also trains on alone (composite-only runs). */
  compositeOnly?: string[];
  group: string;
  canLaunch: boolean;
  pending: "single" | "ablation" | null;
  onLaunch: (ablation: boolean) => void;
  formError: string | null;
}) {
  const groupNote = (n: number) => (group ? `in group ${group}` : n > 1 ? "in a new group" : "");
  return (
    <div className="space-y-3 rounded-xl border border-slate-200 bg-slate-50 p-4">
      <div className="grid gap-3 text-sm lg:grid-cols-2">
        <div className="space-y-1.5">
          <p className="text-slate-600">
            <span className="font-medium text-slate-900">Launch</span> creates {runs(single.length)} {groupNote(single.length)}
          </p>
          <Names names={single} testId="plan-single" />
        </div>
        {ablation && (
          <div className="space-y-1.5">
            <p className="text-slate-600">
              <span className="font-medium text-slate-900">Launch ablation set</span> creates {runs(ablation.length)} {groupNote(2)}: the joint run and one per selected
              skill
              {compositeOnly.length > 0 && `, and a composite-only run on ${compositeOnly.join(", ")} (trained on no skill)`}
            </p>
            <Names names={ablation} testId="plan-ablation" />
          </div>
        )}
      </div>
      {formError && (
        <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" role="alert" data-testid="launch-error">
          {formError}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          disabled={!canLaunch || pending !== null}
          onClick={() => onLaunch(false)}
          className="inline-flex h-9 items-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white shadow-sm hover:bg-indigo-500 disabled:cursor-not-allowed disabled:opacity-50"
          data-testid="launch"
        >
          {pending === "single" ? "Launching…" : single.length > 1 ? `Launch ${single.length} runs` : "Launch"}
        </button>
        {ablation && (
          <button
            type="button"
            disabled={!canLaunch || pending !== null}
            onClick={() => onLaunch(true)}
            className="inline-flex h-9 items-center rounded-md border border-indigo-300 bg-white px-4 text-sm font-medium text-indigo-700 shadow-sm hover:bg-indigo-50 disabled:cursor-not-allowed disabled:opacity-50"
            data-testid="launch-ablation"
          >
            {pending === "ablation" ? "Launching…" : `Launch ablation set (${ablation.length})`}
          </button>
        )}
      </div>
    </div>
  );
}
