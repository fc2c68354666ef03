import type { TrajectoryInput } from "../trajectories/schema";
import { turnFromChatMessage } from "./chat-turns";
import { asArray, asNumber, asObject, asString, isObject, keepExtras, omit, type JsonObject } from "./json-values";
import { buildTrajectory, UNKNOWN_OUTCOME, type ImportContext, type Outcome } from "./trajectory-record";

/**
 * Plain chat messages, OpenAI style (`{role, content, tool_calls?, tool_call_id?}`):
 * a file of messages (one per line, or a JSON list) is one trajectory.
 */
export function importChatMessages(messages: unknown[], ctx: ImportContext): TrajectoryInput {
  const turns = messages.map((m, i) => turnFromChatMessage(asMessage(m), ctx, `message ${i + 1}`));
  ctx.warn("Chat messages carry no outcome: imported with reward 0 and passed=false, metadata.outcomeKnown=false.");
  return buildTrajectory(ctx, { format: "chat-jsonl", outcome: UNKNOWN_OUTCOME, turns, verifier: {}, metadata: {} });
}

const TASK_ID_KEYS = ["taskId", "task_id", "instance_id", "id"];

/** A message that is not an object (a bare string…) is kept as the content of a turn of unknown role. */
const asMessage = (m: unknown): JsonObject => (isObject(m) ? m : { role: "unknown", content: m });

/**
 * One `{messages: [...], ...}` record (a JSONL line) as one trajectory. Fields
 * the record gives are used: `skill`, `step`, a task id (`taskId`, `task_id`,
 * `instance_id`, `id`), `reward`, `passed` (else `reward > 0`), `groupKey`,
 * `sampleIndex`, `advantage`, `verifier`, `metadata`; every other field goes to metadata.
 */
export function importChatRecord(rec: JsonObject, ctx: ImportContext, record: number): TrajectoryInput {
  const messages = asArray(rec.messages) ?? [];
  const turns = messages.map((m, i) => turnFromChatMessage(asMessage(m), ctx, `record ${record}, message ${i + 1}`));
  const taskKey = TASK_ID_KEYS.find((k) => typeof rec[k] === "string" || typeof rec[k] === "number");
  const reward = asNumber(rec.reward);
  const passed = typeof rec.passed === "boolean" ? rec.passed : undefined;
  let outcome: Outcome = UNKNOWN_OUTCOME;
  if (passed != null) outcome = { known: true, passed, reward: reward ?? (passed ? 1 : 0), source: reward != null ? "passed, reward" : "passed" };
  else if (reward != null) outcome = { known: true, passed: reward > 0, reward, source: "reward (passed = reward > 0)" };
  else ctx.warn("Chat records without `reward` or `passed` are imported with reward 0 and passed=false, metadata.outcomeKnown=false.");
  const step = asNumber(rec.step);
  const fields: JsonObject = keepExtras({} as JsonObject, {
    ...(rec.groupKey !== undefined ? { groupKey: rec.groupKey } : {}),
    ...(rec.sampleIndex !== undefined ? { sampleIndex: rec.sampleIndex } : {}),
    ...(rec.advantage !== undefined ? { advantage: rec.advantage } : {}),
  });
  const used = ["messages", "skill", "step", "verifier", "metadata", "groupKey", "sampleIndex", "advantage"];
  if (taskKey) used.push(taskKey);
  if (reward != null) used.push("reward");
  if (passed != null) used.push("passed");
  const rest = omit(rec, used);
  const misfits = asObject(fields.sourceFields);
  delete fields.sourceFields;
  return buildTrajectory(ctx, {
    format: "chat-jsonl",
    record,
    taskId: taskKey ? String(rec[taskKey]) : undefined,
    taskIdSource: taskKey,
    skill: asString(rec.skill) || undefined,
    step: step != null && Number.isSafeInteger(step) && step >= 0 ? step : undefined,
    outcome,
    turns,
    fields,
    verifier: asObject(rec.verifier) ?? {},
    metadata: {
      ...(asObject(rec.metadata) ?? {}),
      ...rest,
      ...(misfits ? { sourceFields: misfits } : {}),
      ...(rec.step !== undefined && (step == null || !Number.isSafeInteger(step) || step < 0) ? { stepInFile: rec.step } : {}),
      ...(rec.skill !== undefined && !asString(rec.skill) ? { skillInFile: rec.skill } : {}),
      ...(rec.verifier !== undefined && !asObject(rec.verifier) ? { verifierInFile: rec.verifier } : {}),
      ...(rec.metadata !== undefined && !asObject(rec.metadata) ? { metadataInFile: rec.metadata } : {}),
    },
  });
}
