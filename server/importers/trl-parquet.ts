import type { TrajectoryInput } from "../trajectories/schema";
import { asNumber, isObject, type JsonObject } from "./json-values";
import type { ParquetRows } from "./parquet-rows";
import { skillNamedBy } from "./skill-names";
import { buildTrajectory, UNKNOWN_OUTCOME, type ImportContext, type Outcome, type Turn } from "./trajectory-record";
import { nextSampleIndex, promptTaskId, type GroupCounter } from "./verl-jsonl";

/**
 * TRL's completions table: with `log_completions=True`, `GRPOTrainer.log`
 * writes `<output_dir>/completions/completions_<step:05d>.parquet` from a pandas
 * DataFrame with the columns `step, prompt, completion`, then one column per
 * reward function (named after it), then the `log_extra` columns, then `advantage`.
 * The file does not mark which columns are reward functions: the numeric columns
 * between `completion` and `advantage` are read as such (TRL's reward is their
 * weighted sum, with weights 1 unless `reward_weights` said otherwise).
 */
export const isTrlCompletions = (columns: string[]) => columns.includes("prompt") && columns.includes("completion");

const KNOWN = ["step", "prompt", "completion", "advantage", "reward"];
const TASK_ID_COLUMNS = ["task_id", "taskId", "instance_id", "id"];
const SKILL_COLUMNS = ["skill", "data_source", "task_type"];

/** Reward-function columns: numeric, after `completion` and before `advantage`. */
export function trlRewardColumns(rows: ParquetRows): string[] {
  const start = rows.columns.indexOf("completion") + 1;
  const advantageAt = rows.columns.indexOf("advantage");
  const end = advantageAt > start ? advantageAt : rows.columns.length;
  return rows.columns.slice(start, end).filter((c) => rows.numericColumns.has(c) && !KNOWN.includes(c) && !c.startsWith("__index_level_"));
}

/** A prompt or completion cell: text, or a conversation (a list of `{role, content}` messages). */
function turnsOf(cell: unknown, role: "user" | "assistant"): Turn[] {
  if (Array.isArray(cell) && cell.every((m) => isObject(m) && typeof m.role === "string")) {
    return cell.map((m) => ({ ...(m as JsonObject), role: (m as JsonObject).role as string }));
  }
  return [{ role, content: typeof cell === "string" ? cell : JSON.stringify(cell ?? null) }];
}

function outcomeOf(values: JsonObject, rewardColumns: string[]): Outcome {
  const total = asNumber(values.reward);
  if (total != null) return { known: true, passed: total > 0, reward: total, source: "reward (passed = reward > 0)" };
  const scored = rewardColumns.map((c) => asNumber(values[c])).filter((v): v is number => v != null);
  if (scored.length === 0) return UNKNOWN_OUTCOME;
  const reward = scored.reduce((a, b) => a + b, 0);
  return { known: true, passed: reward > 0, reward, source: `sum of ${rewardColumns.join(", ")} (passed = sum > 0)` };
}

/** One completions row as a trajectory: user turn(s) = prompt, assistant turn(s) = completion. */
export function importTrlRow(values: JsonObject, row: number, rows: ParquetRows, rewardColumns: string[], ctx: ImportContext, groups: GroupCounter): TrajectoryInput {
  const promptText = typeof values.prompt === "string" ? values.prompt : JSON.stringify(values.prompt ?? null);
  const taskKey = TASK_ID_COLUMNS.find((k) => typeof values[k] === "string" || asNumber(values[k]) != null);
  const taskId = taskKey ? String(values[taskKey]) : promptTaskId(promptText);
  const rawStep = asNumber(values.step);
  const step = rawStep != null && Number.isSafeInteger(rawStep) && rawStep >= 0 ? rawStep : undefined;
  const skillColumn = SKILL_COLUMNS.find((k) => skillNamedBy(values[k], ctx.opts.skills ?? []));
  const groupKey = `${ctx.opts.step ?? step ?? 0}/${taskId}`;
  const extras: JsonObject = {};
  for (const c of rows.columns) if (!KNOWN.includes(c) && !rewardColumns.includes(c) && !c.startsWith("__index_level_")) extras[c] = values[c];
  const advantage = asNumber(values.advantage);
  const outcome = outcomeOf(values, rewardColumns);
  if (!outcome.known) ctx.warn("Rows with no reward column value are imported with reward 0 and passed=false, metadata.outcomeKnown=false.");
  return buildTrajectory(ctx, {
    format: "trl-parquet",
    source: { row },
    taskId,
    taskIdSource: taskKey ?? "hash of prompt",
    skill: skillColumn ? skillNamedBy(values[skillColumn], ctx.opts.skills ?? []) : undefined,
    step,
    outcome,
    turns: [...turnsOf(values.prompt, "user"), ...turnsOf(values.completion, "assistant")],
    fields: { groupKey: groupKey.slice(0, 500), sampleIndex: nextSampleIndex(groups, groupKey), ...(advantage != null ? { advantage } : {}) },
    verifier: {
      rewards: Object.fromEntries(rewardColumns.map((c) => [c, values[c] ?? null])),
      ...("reward" in values ? { reward: values.reward } : {}),
    },
    metadata: { ...extras, ...(skillColumn ? { skillSource: skillColumn } : {}) },
  });
}
