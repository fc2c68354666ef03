"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/providers/trpc";

/** `/settings/projects`: every project, each linking to its metric-mapping settings. */
export function ProjectsListView() {
  const trpc = useTRPC();
  const projects = useQuery(trpc.projects.list.queryOptions());
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Projects</h1>
        <p className="text-sm text-slate-500">Each project has its skills and benchmarks, and the aliases and rules that map trainers&apos; metric names onto them.</p>
      </div>
      {projects.isError ? (
        <p className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800" role="alert">
          Could not load the projects: {projects.error.message}
        </p>
      ) : !projects.data ? (
        <div className="h-24 animate-pulse rounded-xl border border-slate-200 bg-white" aria-busy="true" />
      ) : projects.data.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white px-5 py-6 text-sm text-slate-500" data-testid="projects-empty">
          No projects yet: the first run a trainer creates makes its project (<code className="font-mono text-[12px]">default</code> unless it names one).
        </p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white shadow-sm" data-testid="projects-list">
          {projects.data.map((p) => (
            <li key={p.name}>
              <Link
                href={`/settings/projects/${encodeURIComponent(p.name)}`}
                className="block px-5 py-3 hover:bg-slate-50 focus-visible:bg-slate-50 focus-visible:outline-none"
                data-testid={`project-link-${p.name}`}
              >
                <span className="font-medium text-slate-900">{p.name}</span>
                <span className="ml-3 text-xs text-slate-500">
                  {p.skills.length} skills · {p.benchmarks.length} benchmarks
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
