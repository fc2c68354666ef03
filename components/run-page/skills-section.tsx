"use client";

import { useMemo } from "react";
import { avgStepsKey, pass1Key } from "./metric-key-groups";
import { Section } from "./section";
import { SkillCard } from "./skill-card";
import { useRunSeries } from "./use-run-series";

/** Pass@1 and average steps of every skill, in the project's order. */
export function SkillsSection({ runId, skills, projectSkills }: { runId: string; skills: string[]; projectSkills: string[] }) {
  const keys = useMemo(() => skills.flatMap((s) => [pass1Key(s), avgStepsKey(s)]), [skills]);
  const series = useRunSeries(runId, keys, keys.length > 0);
  return (
    <Section id="skills" title="Skills" description="Training-rollout Pass@1 and mean environment steps per episode, by step.">
      {skills.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-200 bg-white px-4 py-6 text-sm text-slate-500">This project defines no skills.</p>
      ) : (
        <div className="grid grid-cols-1 gap-4 xl:grid-cols-2" data-testid="skills-grid">
          {skills.map((s, i) => (
            <SkillCard key={s} skill={s} index={i} pass1={series[pass1Key(s)]} avgSteps={series[avgStepsKey(s)]} extra={!projectSkills.includes(s)} />
          ))}
        </div>
      )}
    </Section>
  );
}
