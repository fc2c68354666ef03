import type { Metadata } from "next";
import { ProjectSettingsView } from "@/components/project-settings/project-settings-view";

type Params = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `${decodeURIComponent((await params).name)} · Projects · Skillboard` };
}

/** `/settings/projects/[name]`: a project's aliases, rules and built-in mapping, with a live preview. */
export default async function ProjectSettingsPage({ params }: Params) {
  return <ProjectSettingsView project={decodeURIComponent((await params).name)} />;
}
