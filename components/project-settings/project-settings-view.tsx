"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { SignInNotice } from "@/components/auth/sign-in-notice";
import { useSession } from "@/components/auth/use-session";
import { useTRPC } from "@/components/providers/trpc";
import { AliasesSection } from "./aliases-section";
import { BuiltInRulesSection } from "./built-in-rules-section";
import { MappingPreviewSection } from "./mapping-preview-section";
import { RulesSection } from "./rules-section";

/** `/settings/projects/[name]`: the project's skills and benchmarks and how foreign metric names map onto them. */
export function ProjectSettingsView({ project }: { project: string }) {
  const trpc = useTRPC();
  const { signedIn, readOnly, known } = useSession();
  const settings = useQuery(trpc.projects.mapping.queryOptions({ project }));
  const here = `/settings/projects/${encodeURIComponent(project)}`;

  return (
    <div className="space-y-5">
      <div>
        <p className="text-sm text-slate-500">
          <Link href="/settings/projects" className="hover:text-indigo-700 hover:underline">
            Projects
          </Link>{" "}
          /
        </p>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900" data-testid="project-settings-title">
          {project}
        </h1>
        <p className="text-sm text-slate-500">
          Metric mapping: how the metric names of verl, TRL, SkyRL, rllm, slime and OpenRLHF feed this project&apos;s skills grid, OOD table, runs table and
          comparisons.
        </p>
      </div>
      {settings.isError ? (
        <p className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800" role="alert" data-testid="project-settings-error">
          {settings.error.message}
        </p>
      ) : !settings.data ? (
        <div className="h-40 animate-pulse rounded-xl border border-slate-200 bg-white" aria-busy="true" />
      ) : (
        <>
          <dl className="grid gap-3 rounded-xl border border-slate-200 bg-white p-5 text-sm shadow-sm sm:grid-cols-2" data-testid="project-targets">
            <div>
              <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">Skills</dt>
              <dd className="mt-1 font-mono text-[13px] text-slate-800">{settings.data.skills.join(", ") || "none"}</dd>
            </div>
            <div>
              <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">Benchmarks</dt>
              <dd className="mt-1 font-mono text-[13px] text-slate-800">{settings.data.benchmarks.join(", ") || "none"}</dd>
            </div>
          </dl>
          {known && !signedIn && <SignInNotice next={here} action="editing aliases and rules" readOnly={readOnly} />}
          <AliasesSection settings={settings.data} canEdit={signedIn} />
          <RulesSection settings={settings.data} canEdit={signedIn} />
          <MappingPreviewSection project={project} />
          <BuiltInRulesSection rules={settings.data.builtInRules} />
        </>
      )}
    </div>
  );
}
