"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { ChartControls } from "@/components/charts/chart-controls";
import { ChartSettingsProvider } from "@/components/charts/chart-settings";
import { LiveIndicator } from "@/components/common/live-indicator";
import { useTRPC } from "@/components/providers/trpc";
import { RunJobPanel } from "@/components/pools/run-job-panel";
import { RunTrajectoriesSection } from "@/components/trajectories/run-trajectories-section";
import { LogsSection } from "./logs-section";
import { skillsToShow } from "./metric-key-groups";
import { OodSection } from "./ood-section";
import { OtherMetricsSection } from "./other-metrics-section";
import { RunConfigCard } from "./run-config-card";
import { RunHeader } from "./run-header";
import { RunTrashBanner } from "./run-trash-banner";
import { SkillsSection } from "./skills-section";
import { useLiveRun, type RunById } from "./use-live-run";

const SECTIONS = [
  { id: "skills", label: "Skills" },
  { id: "ood", label: "OOD" },
  { id: "metrics", label: "Other metrics" },
  { id: "trajectories", label: "Trajectories" },
  { id: "logs", label: "Logs" },
];

/** `/runs/[id]`: header, config, then skills, OOD evals and every other metric, live while the run runs. */
export function RunPageView({ initial }: { initial: RunById }) {
  const trpc = useTRPC();
  const { run, skills: projectSkills, benchmarks, live, dataUpdatedAt, error } = useLiveRun(initial);
  const keysQuery = useQuery(trpc.metrics.keys.queryOptions({ runId: run.id }));
  const keys = useMemo(() => (keysQuery.data ?? []).map((k) => k.key), [keysQuery.data]);
  // Which raw keys fill the skills grid and the OOD table: Skillboard's own, or frameworks' keys the metric mapping reads.
  const signatureQuery = useQuery(trpc.metrics.signature.queryOptions({ runId: run.id }));
  const signature = signatureQuery.data;

  const skills = useMemo(() => (signatureQuery.data ? signatureQuery.data.skills : skillsToShow(projectSkills, keys)), [signatureQuery.data, projectSkills, keys]);
  const skillKeys = useMemo(
    () => new Set(signature ? [...Object.values(signature.pass1), ...Object.values(signature.avgSteps)].map((m) => m.key) : []),
    [signature],
  );

  return (
    <ChartSettingsProvider>
      <div className="space-y-6">
        <RunTrashBanner run={run} />
        <RunHeader run={run} live={<LiveIndicator updatedAt={dataUpdatedAt} error={error} paused={!live} />} />
        <RunConfigCard config={run.config} />
        <RunJobPanel runId={run.id} live={live} />

        <div className="sticky top-0 z-20 -mx-2 flex flex-wrap items-center justify-between gap-3 bg-slate-50/90 px-2 py-2 backdrop-blur">
          <nav aria-label="Sections" className="flex gap-1 text-sm">
            {SECTIONS.map((s) => (
              <a key={s.id} href={`#${s.id}`} className="rounded-md px-2.5 py-1 text-slate-600 hover:bg-white hover:text-slate-900 hover:shadow-sm">
                {s.label}
              </a>
            ))}
          </nav>
          <ChartControls />
        </div>

        <SkillsSection runId={run.id} project={run.project} skills={skills} projectSkills={projectSkills} signature={signature} />
        <OodSection runId={run.id} project={run.project} benchmarks={benchmarks} signature={signature} />
        <OtherMetricsSection runId={run.id} keys={keys} shownElsewhere={skillKeys} />
        <RunTrajectoriesSection runId={run.id} live={live} />
        <LogsSection runId={run.id} live={live} />
      </div>
    </ChartSettingsProvider>
  );
}
