import path from "node:path";
import type { TrajectoryInput } from "../trajectories/schema";
import type { JsonObject } from "./json-values";

/** The formats the importers read, by id; the names are what users see in messages. */
export const IMPORT_FORMATS = {
  "swe-agent": "SWE-agent .traj",
  "mini-swe-agent": "mini-swe-agent .traj.json",
  openhands: "OpenHands output.jsonl",
  "chat-jsonl": "chat-message JSONL",
  "verl-jsonl": "verl rollout/validation JSONL",
  "trl-parquet": "TRL completions parquet",
  tensorboard: "TensorBoard event file",
  "swebench-report": "SWE-bench evaluation report",
} as const;
export type ImportFormat = keyof typeof IMPORT_FORMATS;

export interface ImportOptions {
  /** Only for naming (task id fallback, metadata): the format is always detected from the content. */
  fileName?: string;
  /** Training step to file the trajectories under; overrides a step found in the file. Default: the file's, else 0. */
  step?: number;
  /** Skill to file them under; overrides a skill found in the file. Default: the file's, else `imported`. */
  skill?: string;
  /** The run's project skills: a rollout's data source that names one of them files the trajectory under it. */
  skills?: readonly string[];
  /** The caller names the format (a folder watcher knows it from the file it follows); the content must then be of it. */
  format?: ImportFormat;
  /** Where this body starts in the file it was cut from (a watcher sends appended bytes): locations and batch ids count from it. */
  offset?: number;
  /** The 1-based line of the file this body's first line is. Default 1. */
  firstLine?: number;
}

/** Agent logs say nothing about which atomic skill an episode trained, so imports get this skill unless told. */
export const DEFAULT_SKILL = "imported";

export type Turn = JsonObject & { role: string };

export interface ImportContext {
  opts: ImportOptions;
  /** sha256 of the whole file, hex. */
  contentHash: string;
  warn(message: string): void;
}

/** Whether the file says if the episode solved its task. Agent logs mostly do not: then reward 0, passed false. */
export interface Outcome {
  known: boolean;
  passed: boolean;
  reward: number;
  /** Where a known outcome came from, e.g. `test_result.report.resolved`. */
  source?: string;
}

export const UNKNOWN_OUTCOME: Outcome = { known: false, passed: false, reward: 0 };

const KNOWN_EXTENSIONS = [".traj.json", ".traj", ".jsonl", ".json", ".txt"];

/** `runs/pydicom__pydicom-1458.traj` → `pydicom__pydicom-1458`. */
export function fileStem(fileName?: string): string | undefined {
  if (!fileName) return undefined;
  const base = path.basename(fileName);
  const ext = KNOWN_EXTENSIONS.find((e) => base.toLowerCase().endsWith(e));
  const stem = ext ? base.slice(0, -ext.length) : base;
  return stem || undefined;
}

export interface TrajectoryParts {
  format: ImportFormat;
  /** The task id the file names (instance id, problem statement id…), if any. */
  taskId?: string;
  taskIdSource?: string;
  /** 1-based line or element number in a file that holds several episodes. */
  record?: number;
  skill?: string;
  step?: number;
  outcome: Outcome;
  turns: Turn[];
  verifier: JsonObject;
  metadata: JsonObject;
  /** What the importer knows about the producing tool (layout, version), merged into `metadata.source`. */
  source?: JsonObject;
  /** Top-level trajectory fields the file gave (groupKey, sampleIndex, advantage…). */
  fields?: JsonObject;
}

/** Metadata keys the import itself writes; a file's own field of that name moves to `metadata.sourceFields`. */
const IMPORT_METADATA_KEYS = ["source", "outcomeKnown", "outcomeSource", "taskIdSource", "skillInFile", "stepInFile", "fullTaskId"];

/** Assembles the trajectory JSON of ARCHITECTURE.md, filling skill, step and task id by the import's rules. */
export function buildTrajectory(ctx: ImportContext, p: TrajectoryParts): TrajectoryInput {
  const metadata: JsonObject = {};
  const set = (key: string, value: unknown) => {
    if (key in metadata) ((metadata.sourceFields ??= {}) as JsonObject)[key] = metadata[key];
    metadata[key] = value;
  };
  for (const [k, v] of Object.entries(p.metadata)) {
    if (IMPORT_METADATA_KEYS.includes(k)) ((metadata.sourceFields ??= {}) as JsonObject)[k] = v;
    else metadata[k] = v;
  }
  const suffix = p.record != null ? `#${p.record}` : "";
  let taskId = p.taskId?.trim();
  let taskIdSource = p.taskIdSource;
  if (!taskId) {
    const stem = fileStem(ctx.opts.fileName);
    taskId = stem ? `${stem}${suffix}` : `${p.format}-${ctx.contentHash.slice(0, 12)}${suffix}`;
    taskIdSource = stem ? "fileName" : "contentHash";
  }
  if (taskId.length > 500) {
    set("fullTaskId", taskId);
    taskId = taskId.slice(0, 500);
  }
  const skill = ctx.opts.skill ?? p.skill ?? DEFAULT_SKILL;
  if (ctx.opts.skill && p.skill && p.skill !== ctx.opts.skill) set("skillInFile", p.skill);
  const step = ctx.opts.step ?? p.step ?? 0;
  if (ctx.opts.step != null && p.step != null && p.step !== ctx.opts.step) set("stepInFile", p.step);
  set("source", {
    format: p.format,
    ...(ctx.opts.fileName ? { fileName: ctx.opts.fileName } : {}),
    ...(p.record != null ? { record: p.record } : {}),
    ...p.source,
  });
  set("outcomeKnown", p.outcome.known);
  if (p.outcome.source) set("outcomeSource", p.outcome.source);
  if (taskIdSource) set("taskIdSource", taskIdSource);
  return {
    ...p.fields,
    skill,
    taskId,
    step,
    reward: p.outcome.reward,
    passed: p.outcome.passed,
    turns: p.turns,
    verifier: p.verifier,
    metadata,
  } as TrajectoryInput;
}

/** A resolved/passed flag an evaluation harness left in the file, looked up at the usual places. */
export function outcomeFrom(candidates: [source: string, value: unknown][]): Outcome | undefined {
  for (const [source, value] of candidates) {
    if (typeof value === "boolean") return { known: true, passed: value, reward: value ? 1 : 0, source };
  }
  return undefined;
}
