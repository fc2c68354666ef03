"use client";

import { MetricChart } from "@/components/charts/metric-chart";
import type { SeriesPoint } from "@/components/charts/chart-rows";
import { seriesColor } from "@/components/charts/palette";

/** Says which framework key a chart was mapped from (its tooltip names it). */
function MappedFrom({ rawKey, testId }: { rawKey: string; testId: string }) {
  return (
    <p className="truncate font-mono text-[10px] text-slate-400" title={`Mapped from the trainer's key ${rawKey}`} data-testid={testId}>
      from {rawKey}
    </p>
  );
}

/** One skill's two charts side by side: Pass@1 and average environment steps. */
export function SkillCard({
  skill,
  index,
  pass1,
  avgSteps,
  pass1From = null,
  avgStepsFrom = null,
  extra,
}: {
  skill: string;
  index: number;
  pass1: SeriesPoint[] | undefined;
  avgSteps: SeriesPoint[] | undefined;
  /** The framework key Pass@1 was mapped from; null for Skillboard's own key. */
  pass1From?: string | null;
  avgStepsFrom?: string | null;
  extra: boolean;
}) {
  const color = seriesColor(skill, index);
  return (
    <article className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-testid={`skill-card-${skill}`}>
      <h3 className="mb-3 flex items-center gap-2 text-sm font-semibold text-slate-900">
        <span className="h-2.5 w-2.5 rounded-full" style={{ background: color }} />
        {skill}
        {extra && <span className="rounded bg-slate-100 px-1.5 text-[10px] font-medium text-slate-500">not in project list</span>}
      </h3>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <div className="min-w-0">
          <MetricChart title="Pass@1" points={pass1} color={color} format="percent" testId={`skill-chart-${skill}-pass1`} height={170} />
          {pass1From && <MappedFrom rawKey={pass1From} testId={`skill-${skill}-pass1-from`} />}
        </div>
        <div className="min-w-0">
          <MetricChart title="Avg steps" points={avgSteps} color={color} testId={`skill-chart-${skill}-avg-steps`} height={170} />
          {avgStepsFrom && <MappedFrom rawKey={avgStepsFrom} testId={`skill-${skill}-avg-steps-from`} />}
        </div>
      </div>
    </article>
  );
}
