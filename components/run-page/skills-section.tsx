"use client";

import { useMemo } from "react";
import type { SeriesPoint } from "@/components/charts/chart-rows";
import type { RunSignature } from "@/server/metric-mapping/signature";
import { MappingLink } from "./mapping-link";
import { Section } from "./section";
import { SkillCard } from "./skill-card";
import { useRunSeries } from "./use-run-series";

const NO_POINTS: SeriesPoint[] = [];

/**
 * Pass@1 and average steps of every skill, in the project's order. Each chart
 * reads the key the metric mapping chose: Skillboard's `skill/<s>/pass@1`, or a
 * framework's key (TRL `rewards/<func>/mean`, verl `val-core/<ds>/…/mean@N`, …).
 */
export function SkillsSection({
  runId,
  project,
  skills,
  projectSkills,
  signature,
}: {
  runId: string;
  project: string;
  skills: string[];
  projectSkills: string[];
  /** Undefined while it loads (the charts show as loading). */
  signature: Pick<RunSignature, "pass1" | "avgSteps"> | undefined;
}) {
  const keys = useMemo(
    () =>
      signature
        ? [...new Set(skills.flatMap((s) => [signature.pass1[s]?.key, signature.avgSteps[s]?.key].filter((k): k is string => k !== undefined)))]
        : [],
    [skills, signature],
  );
  const series = useRunSeries(runId, keys, keys.length > 0);
  const pointsOf = (key: string | undefined) => (!signature ? undefined : key === undefined ? NO_POINTS : series[key]);
  const from = (m: { key: string; native: boolean } | undefined) => (m && !m.native ? m.key : null);
  return (
    <Section
      id="skills"
      title="Skills"
      description="Training-rollout Pass@1 and mean environment steps per episode, by step."
      actions={<MappingLink project={project} testId="skills-mapping-link" />}
    >
      {skills.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-200 bg-white px-4 py-6 text-sm text-slate-500">This project defines no skills.</p>
      ) : (
        <div className="grid grid-cols-1 gap-4 xl:grid-cols-2" data-testid="skills-grid">
          {skills.map((s, i) => (
            <SkillCard
              key={s}
              skill={s}
              index={i}
              pass1={pointsOf(signature?.pass1[s]?.key)}
              avgSteps={pointsOf(signature?.avgSteps[s]?.key)}
              pass1From={from(signature?.pass1[s])}
              avgStepsFrom={from(signature?.avgSteps[s])}
              extra={!projectSkills.includes(s)}
            />
          ))}
        </div>
      )}
    </Section>
  );
}
