import Link from "next/link";

/** `/settings/projects/<name>`: where a project's metric mapping (aliases, rules) is edited. */
export const projectSettingsHref = (project: string) => `/settings/projects/${encodeURIComponent(project)}`;

/** A quiet link from a run page section to its project's metric mapping. */
export function MappingLink({ project, testId }: { project: string; testId: string }) {
  return (
    <Link href={projectSettingsHref(project)} className="text-xs text-slate-500 underline-offset-2 hover:text-indigo-700 hover:underline" data-testid={testId}>
      Metric mapping
    </Link>
  );
}
