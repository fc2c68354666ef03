import { createHash } from "node:crypto";
import type { TrajectoryInput } from "../trajectories/schema";
import { asNumber, asString, isObject, omit, type JsonObject } from "./json-values";
import { skillNamedBy } from "./skill-names";
import { buildTrajectory, UNKNOWN_OUTCOME, type ImportContext, type Outcome } from "./trajectory-record";

/**
 * verl's rollout and validation dumps (`trainer.rollout_data_dir`,
 * `trainer.validation_data_dir`): `<step>.jsonl`, one sample per line, written
 * by `RayPPOTrainer._write_generations` as `{input, output, gts, score, step}`
 * plus one column per `reward_extra_infos` key (validation adds `reward`;
 * rollouts may add `request_id`). The same shape, as a JSON list, is what verl's
 * validation-generations logger uploads (`val_step{N}.json`).
 */
export const isVerlRecord = (v: unknown): v is JsonObject =>
  isObject(v) && typeof v.input === "string" && typeof v.output === "string" && "score" in v;

/** Columns that identify a sample rather than judge it: they go to `metadata`; every other extra column to `verifier`. */
const IDENTITY_COLUMNS = ["request_id", "uid", "data_source", "ability", "skill", "task_id", "taskId", "instance_id", "id", "index"];
const TASK_ID_COLUMNS = ["task_id", "taskId", "instance_id", "id", "index"];
const SKILL_COLUMNS = ["skill", "data_source", "ability"];
const MAPPED = ["input", "output", "score", "step", "gts"];

export const promptTaskId = (prompt: string) => `prompt-${createHash("sha256").update(prompt).digest("hex").slice(0, 16)}`;

/** Counts samples per GRPO group (same step and prompt) within one import, for `sampleIndex`. */
export type GroupCounter = Map<string, number>;

export function nextSampleIndex(groups: GroupCounter, groupKey: string): number {
  const n = groups.get(groupKey) ?? 0;
  groups.set(groupKey, n + 1);
  return n;
}

function outcomeOf(rec: JsonObject, ctx: ImportContext, record: number): Outcome {
  const score = asNumber(rec.score) ?? (typeof rec.score === "boolean" ? Number(rec.score) : undefined);
  if (score === undefined) {
    ctx.warn(`verl samples whose score is not a number (e.g. record ${record}: ${JSON.stringify(rec.score)}) are imported with reward 0, passed=false, metadata.outcomeKnown=false.`);
    return UNKNOWN_OUTCOME;
  }
  // DAPO-style reward functions return `acc` beside the shaped score: it says pass/fail better than `score > 0`.
  const acc = typeof rec.acc === "boolean" ? rec.acc : asNumber(rec.acc) != null ? (rec.acc as number) > 0 : undefined;
  if (acc !== undefined) return { known: true, passed: acc, reward: score, source: "score, acc" };
  return { known: true, passed: score > 0, reward: score, source: "score (passed = score > 0)" };
}

/** One verl sample as a trajectory: user turn = input, assistant turn = output, reward = score. */
export function importVerlRecord(rec: JsonObject, ctx: ImportContext, record: number, groups: GroupCounter): TrajectoryInput {
  const input = rec.input as string;
  const taskKey = TASK_ID_COLUMNS.find((k) => typeof rec[k] === "string" || asNumber(rec[k]) != null);
  const taskId = taskKey ? String(rec[taskKey]) : promptTaskId(input);
  const rawStep = asNumber(rec.step);
  const step = rawStep != null && Number.isSafeInteger(rawStep) && rawStep >= 0 ? rawStep : undefined;
  const skillColumn = SKILL_COLUMNS.find((k) => skillNamedBy(rec[k], ctx.opts.skills ?? []));
  const groupKey = asString(rec.uid) || `${ctx.opts.step ?? step ?? 0}/${taskId}`;
  const extras = omit(rec, [...MAPPED, ...IDENTITY_COLUMNS]);
  const identity: JsonObject = {};
  for (const k of IDENTITY_COLUMNS) if (k in rec) identity[k] = rec[k];
  return buildTrajectory(ctx, {
    format: "verl-jsonl",
    record,
    taskId,
    taskIdSource: taskKey ?? "hash of input",
    skill: skillColumn ? skillNamedBy(rec[skillColumn], ctx.opts.skills ?? []) : undefined,
    step,
    outcome: outcomeOf(rec, ctx, record),
    turns: [
      { role: "user", content: input },
      { role: "assistant", content: rec.output as string },
    ],
    fields: { groupKey: groupKey.slice(0, 500), sampleIndex: nextSampleIndex(groups, groupKey) },
    verifier: { score: rec.score, ...("gts" in rec ? { gts: rec.gts } : {}), ...extras },
    metadata: {
      ...identity,
      ...(skillColumn ? { skillSource: skillColumn } : {}),
      ...(rec.step !== undefined && step === undefined ? { stepInFile: rec.step } : {}),
    },
  });
}
