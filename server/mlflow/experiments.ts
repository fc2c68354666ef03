import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { projects } from "@/db/schema";
import { DEFAULT_PROJECT } from "../projects/defaults";
import { ensureProject, getProjectById, listProjects, type Project } from "../projects/service";
import { doesNotExist, invalidParameter, MlflowError } from "./errors";
import { pageOf, readPageToken } from "./page-token";
import { matchesClause, parseFilter } from "./search-filter";

/**
 * Experiment = project. The experiment id is the project's id as a string, except that
 * MLflow's "Default" experiment "0" is the project `default`.
 */
export const DEFAULT_EXPERIMENT_ID = "0";
const DEFAULT_EXPERIMENT_NAME = "Default";

export interface MlflowExperiment {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: "active";
  creation_time: number;
  last_update_time: number;
  tags: { key: string; value: string }[];
}

export const experimentIdOf = (project: Project) => (project.name === DEFAULT_PROJECT ? DEFAULT_EXPERIMENT_ID : String(project.id));
const experimentNameOf = (project: Project) => (project.name === DEFAULT_PROJECT ? DEFAULT_EXPERIMENT_NAME : project.name);
export const projectNameOf = (experimentName: string) => (experimentName === DEFAULT_EXPERIMENT_NAME ? DEFAULT_PROJECT : experimentName);

export function toExperiment(project: Project): MlflowExperiment {
  const id = experimentIdOf(project);
  return {
    experiment_id: id,
    name: experimentNameOf(project),
    artifact_location: `mlflow-artifacts:/${id}`,
    lifecycle_stage: "active",
    creation_time: project.createdAt,
    last_update_time: project.createdAt,
    tags: [],
  };
}

/** The project of an experiment id; RESOURCE_DOES_NOT_EXIST for an unknown one. */
export function requireExperimentProject(db: Db, experimentId: string): Project {
  if (experimentId === DEFAULT_EXPERIMENT_ID) return ensureProject(db, DEFAULT_PROJECT);
  const project = /^[1-9]\d{0,15}$/.test(experimentId) ? getProjectById(db, Number(experimentId)) : undefined;
  if (!project) throw doesNotExist(`Could not find experiment with ID ${experimentId}`);
  return project;
}

export function getExperimentByName(db: Db, name: string): MlflowExperiment {
  const projectName = projectNameOf(name);
  const project =
    projectName === DEFAULT_PROJECT ? ensureProject(db, DEFAULT_PROJECT) : db.select().from(projects).where(eq(projects.name, projectName)).get();
  if (!project) throw doesNotExist(`Could not find experiment with name '${name}'`);
  return toExperiment(project);
}

export function createExperiment(db: Db, name: string): { experiment_id: string } {
  const projectName = projectNameOf(name);
  if (projectName.length > 200) throw invalidParameter(`Experiment name '${name.slice(0, 50)}…' is longer than 200 characters.`);
  const existing = db.select().from(projects).where(eq(projects.name, projectName)).get();
  if (existing) throw new MlflowError("RESOURCE_ALREADY_EXISTS", `Experiment '${name}' already exists.`);
  return { experiment_id: experimentIdOf(ensureProject(db, projectName)) };
}

export function searchExperiments(
  db: Db,
  q: { filter?: string; max_results: number; page_token?: string; order_by: string[]; view_type?: string },
): { experiments: MlflowExperiment[]; next_page_token?: string } {
  const clauses = parseFilter(q.filter);
  for (const c of clauses) {
    if (c.entity !== "attribute" || !["name", "experiment_id", "creation_time", "last_update_time"].includes(c.key)) {
      throw invalidParameter(`Invalid filter '${q.filter}': experiments are searched by name, experiment_id, creation_time or last_update_time (experiment tags are not supported).`);
    }
  }
  const deletedOnly = q.view_type === "DELETED_ONLY";
  let experiments = deletedOnly ? [] : listProjects(db).map(toExperiment);
  experiments = experiments.filter((e) => clauses.every((c) => matchesClause(e[c.key as keyof MlflowExperiment] as string | number, c)));
  experiments.sort(experimentOrder(q.order_by));
  const { page, nextPageToken } = pageOf(experiments, readPageToken(q.page_token), q.max_results);
  return nextPageToken ? { experiments: page, next_page_token: nextPageToken } : { experiments: page };
}

/** MLflow's default order is newest first, then by id; `order_by` takes `name`, `experiment_id`, `creation_time`, `last_update_time` with ASC/DESC. */
function experimentOrder(orderBy: string[]) {
  const keys = orderBy.map((clause) => {
    const m = clause.trim().match(/^(?:attributes?\.)?(name|experiment_id|creation_time|last_update_time)(?:\s+(ASC|DESC))?$/i);
    if (!m) throw invalidParameter(`Invalid order_by clause '${clause}': use name, experiment_id, creation_time or last_update_time, optionally with ASC or DESC.`);
    return { key: m[1].toLowerCase() as keyof MlflowExperiment, desc: m[2]?.toUpperCase() === "DESC" };
  });
  if (!keys.length) keys.push({ key: "creation_time", desc: true }, { key: "experiment_id", desc: false });
  return (a: MlflowExperiment, b: MlflowExperiment) => {
    for (const { key, desc } of keys) {
      const x = key === "experiment_id" ? Number(a[key]) : a[key];
      const y = key === "experiment_id" ? Number(b[key]) : b[key];
      if (x < y) return desc ? 1 : -1;
      if (x > y) return desc ? -1 : 1;
    }
    return 0;
  };
}
