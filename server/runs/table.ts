import type { Db } from "@/db";
import { latestPass1ForRuns } from "../metric-mapping/read";
import { listProjects } from "../projects/service";
import { listRunChanges } from "./changes";
import { listRunsPage } from "./page";
import type { RunsChangesInput, RunsPageInput } from "./page-input";
import { countDeletedRuns, type RunView } from "./service";

type Pass1 = Record<string, Record<string, number>>;

/** The Pass@1 columns: the chosen project's skills, or every project's. */
function tableSkills(db: Db, project: string | undefined): string[] {
  const projects = listProjects(db);
  const chosen = project ? projects.find((p) => p.name === project) : undefined;
  return chosen ? chosen.skills : [...new Set(projects.flatMap((p) => p.skills))];
}

/** The Pass@1 columns of these runs: the skills shown and each run's latest value per skill. */
export function pass1Columns(db: Db, project: string | undefined, runs: RunView[]): { skills: string[]; latestPass1: Pass1 } {
  const skills = tableSkills(db, project);
  // Skillboard's `skill/<s>/pass@1`, or a framework's key the metric mapping reads as it.
  return { skills, latestPass1: latestPass1ForRuns(db, runs, skills) };
}

/**
 * One page of the runs table with its Pass@1 columns; the first page also
 * carries the counts and how many runs of the project are in the trash.
 */
export function runsTablePage(db: Db, input: RunsPageInput) {
  const first = !input.cursor;
  const page = listRunsPage(db, input, { counts: first });
  return { ...page, ...pass1Columns(db, input.project, page.runs), trashed: first ? countDeletedRuns(db, input.project) : null };
}

/** What changed in the runs table since a poll, with the changed runs' Pass@1 columns. */
export function runsTableChanges(db: Db, input: RunsChangesInput) {
  const changes = listRunChanges(db, input);
  return { ...changes, ...pass1Columns(db, input.project, changes.runs), trashed: changes.total == null ? null : countDeletedRuns(db, input.project) };
}
