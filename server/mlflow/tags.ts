import { RUN_EDIT_LIMITS } from "../runs/edit-input";
import type { RunView } from "../runs/service";
import { doesNotExist } from "./errors";
import { TAGS_CONFIG_KEY } from "./params";

/**
 * MLflow's key/value run tags ↔ a Skillboard run:
 * - `mlflow.runName` is the run's name, `mlflow.source.git.commit` its git commit,
 *   `mlflow.note.content` its notes;
 * - a user tag becomes a Skillboard tag `key=value` (just `key` when the value is empty), so it
 *   shows and filters in the dashboard; a tag edited there reads back the same way;
 * - the other `mlflow.*` system tags, and user tags that do not fit a Skillboard tag
 *   (over 64 characters, a key holding '=', past 50 tags), are kept in `config["mlflow.tags"]`.
 */
export const RUN_NAME_TAG = "mlflow.runName";
const GIT_COMMIT_TAG = "mlflow.source.git.commit";
const NOTE_TAG = "mlflow.note.content";

export interface TaggedRun {
  name: string;
  tags: string[];
  notes: string | null;
  gitCommit: string | null;
  config: Record<string, unknown>;
}

export interface MlflowTag {
  key: string;
  value: string;
}

const tagKeyOf = (tag: string) => (tag.includes("=") ? tag.slice(0, tag.indexOf("=")) : tag);
const formatTag = (key: string, value: string) => (value === "" ? key : `${key}=${value}`);

function configTags(config: Record<string, unknown>): Record<string, string> {
  const t = config[TAGS_CONFIG_KEY];
  return typeof t === "object" && t !== null && !Array.isArray(t) ? { ...(t as Record<string, string>) } : {};
}

/** Applies MLflow tags to a copy of the run's taggable fields; the last value of a key wins. */
export function applyTags(run: TaggedRun, tags: MlflowTag[]): TaggedRun {
  const out: TaggedRun = { ...run, tags: [...run.tags] };
  const stored = configTags(run.config);
  let storedChanged = false;
  for (const { key, value } of tags) {
    if (key === RUN_NAME_TAG) {
      const name = value.trim().slice(0, RUN_EDIT_LIMITS.name);
      if (name) out.name = name;
      continue;
    }
    if (key === GIT_COMMIT_TAG && value.length <= 100) {
      out.gitCommit = value;
      continue;
    }
    if (key === NOTE_TAG && value.length <= RUN_EDIT_LIMITS.notes) {
      out.notes = value.trim() === "" ? null : value;
      continue;
    }
    const others = out.tags.filter((t) => tagKeyOf(t) !== key);
    const tag = formatTag(key, value);
    const fits = !key.startsWith("mlflow.") && !key.includes("=") && tag.trim() === tag && tag.length <= RUN_EDIT_LIMITS.tag && others.length < RUN_EDIT_LIMITS.tags;
    if (fits) {
      out.tags = [...others, tag];
      if (key in stored) delete stored[key];
    } else {
      out.tags = others;
      stored[key] = value;
    }
    storedChanged = true;
  }
  if (storedChanged) out.config = withConfigTags(run.config, stored);
  return out;
}

function withConfigTags(config: Record<string, unknown>, stored: Record<string, string>): Record<string, unknown> {
  const next = { ...config };
  if (Object.keys(stored).length) next[TAGS_CONFIG_KEY] = stored;
  else delete next[TAGS_CONFIG_KEY];
  return next;
}

/** Removes a tag wherever it is kept; MLflow answers RESOURCE_DOES_NOT_EXIST for a tag the run lacks. */
export function deleteTag(run: TaggedRun, runId: string, key: string): TaggedRun {
  const stored = configTags(run.config);
  const tags = run.tags.filter((t) => tagKeyOf(t) !== key);
  if (key === NOTE_TAG && run.notes != null) return { ...run, notes: null };
  if (key === GIT_COMMIT_TAG && run.gitCommit != null) return { ...run, gitCommit: null };
  if (!(key in stored) && tags.length === run.tags.length) throw doesNotExist(`No tag with name: ${key} in run with id ${runId}`);
  delete stored[key];
  return { ...run, tags, config: withConfigTags(run.config, stored) };
}

/** The run's tags as MLflow shows them. */
export function runTags(run: RunView): MlflowTag[] {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(configTags(run.config))) out.set(key, String(value));
  for (const tag of run.tags) {
    const i = tag.indexOf("=");
    if (i < 0) out.set(tag, "");
    else out.set(tag.slice(0, i), tag.slice(i + 1));
  }
  out.set(RUN_NAME_TAG, run.name);
  if (run.gitCommit) out.set(GIT_COMMIT_TAG, run.gitCommit);
  if (run.notes) out.set(NOTE_TAG, run.notes);
  return [...out].map(([key, value]) => ({ key, value }));
}
