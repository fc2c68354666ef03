import type { Metadata } from "next";
import { ProjectsListView } from "@/components/project-settings/projects-list-view";

export const metadata: Metadata = { title: "Projects · Skillboard" };

/** `/settings/projects`: the projects, each linking to its metric-mapping settings. */
export default function ProjectsPage() {
  return <ProjectsListView />;
}
