import type { TrajectoryInput } from "../trajectories/schema";
import { toolCallsFromOpenAI, turnFromChatMessage } from "./chat-turns";
import { asArray, asNumber, asObject, asString, isObject, keepExtras, omit, type JsonObject } from "./json-values";
import { buildTrajectory, outcomeFrom, UNKNOWN_OUTCOME, type ImportContext, type Turn } from "./trajectory-record";

/**
 * SWE-agent `.traj`: `{environment, trajectory: [step], history: [message], info, replay_config?}`.
 *
 * Turns follow `history` (what the model saw, one turn per message). Each step of
 * `trajectory` is matched, in order, to the assistant message with the same
 * action: its `execution_time` (→ `durationMs`) and `state` go on the observation
 * turn after it. Steps the history lacks (the final `submit` of the newer layout,
 * the last observation of the older one) are appended as turns marked
 * `fromTrajectoryStep: true`. Older files send observations as `user` messages:
 * they become `tool` turns with `sourceRole: "user"`.
 */
export function importSweAgentTraj(doc: JsonObject, ctx: ImportContext): TrajectoryInput {
  const history = (asArray(doc.history) ?? []).filter(isObject);
  const steps = (asArray(doc.trajectory) ?? []).filter(isObject);
  const info = asObject(doc.info) ?? {};
  const commands = commandNames(history);
  const turns: Turn[] = [];
  let stepIndex = 0;
  let pending: JsonObject | undefined; // the matched step whose observation turn comes next
  let lastActed = false;
  let warnedMismatch = false;

  const flushPending = () => {
    if (pending) turns.push(observationFromStep(pending, { fromTrajectoryStep: true }));
    pending = undefined;
  };

  history.forEach((msg, i) => {
    const where = `history[${i}]`;
    const role = asString(msg.role) ?? "unknown";
    const isDemo = msg.is_demo === true;
    if (role === "assistant" && !isDemo && ("action" in msg || asArray(msg.tool_calls)?.length)) {
      flushPending();
      const turn = assistantTurn(msg, commands, ctx, where);
      const step = steps[stepIndex];
      if (step && sameAction(step.action, msg.action)) {
        attachStepToAssistant(turn, step);
        pending = step;
        stepIndex++;
      } else if (step && !warnedMismatch) {
        warnedMismatch = true;
        ctx.warn(`${where}: its action does not match trajectory step ${stepIndex}; unmatched steps are appended at the end.`);
      }
      turns.push(turn);
      lastActed = true;
      return;
    }
    if (role === "tool" || (role === "user" && lastActed && !isDemo)) {
      const turn: Turn = { role: "tool", observation: msg.content };
      if (role !== "tool") turn.sourceRole = role;
      keepExtras(turn, omit(msg, ["role", "content"]));
      if (pending) attachStepToObservation(turn, pending);
      pending = undefined;
      turns.push(turn);
      lastActed = false;
      return;
    }
    flushPending();
    turns.push(turnFromChatMessage(msg, ctx, where));
    lastActed = false;
  });
  flushPending();
  for (; stepIndex < steps.length; stepIndex++) {
    const step = steps[stepIndex];
    turns.push(assistantFromStep(step, commands));
    turns.push(observationFromStep(step, { fromTrajectoryStep: true }));
  }

  const replayConfig = parseMaybeJson(doc.replay_config);
  const problem = asObject(asObject(replayConfig)?.problem_statement);
  const instanceId = asString(problem?.id) ?? asString(info.instance_id) ?? asString(doc.instance_id);
  const environment = asString(doc.environment);
  const usesEnvironmentAsTask = !instanceId && !ctx.opts.fileName && environment && !["main", "swe_main"].includes(environment);

  const model = asString(asObject(asObject(asObject(replayConfig)?.agent)?.model)?.name);
  const stats = asObject(info.model_stats) ?? {};
  const exitStatus = asString(info.exit_status);
  const submission = asString(info.submission);
  const editedFiles = Object.fromEntries(Object.entries(info).filter(([k]) => k.startsWith("edited_files")));
  const outcome =
    outcomeFrom([
      ["info.resolved", info.resolved],
      ["info.passed", info.passed],
    ]) ?? UNKNOWN_OUTCOME;
  if (!outcome.known) {
    ctx.warn(
      "SWE-agent .traj files hold no test result: imported with reward 0 and passed=false, metadata.outcomeKnown=false " +
        "(exit status 'submitted' only says a patch was submitted, not that it fixes the issue).",
    );
  }
  return buildTrajectory(ctx, {
    format: "swe-agent",
    taskId: instanceId ?? (usesEnvironmentAsTask ? environment : undefined),
    taskIdSource: problem?.id ? "replay_config.problem_statement.id" : instanceId ? "instance_id" : usesEnvironmentAsTask ? "environment" : undefined,
    outcome,
    turns,
    verifier: {
      ...(exitStatus != null ? { exitStatus } : {}),
      submitted: Boolean(submission?.trim()) && (exitStatus ?? "").toLowerCase().includes("submitted"),
      ...(submission != null ? { patch: submission } : {}),
      ...editedFiles,
    },
    source: { layout: "replay_config" in doc || history.some((m) => "message_type" in m) ? "swe-agent-1.x" : "swe-agent-0.x" },
    metadata: {
      ...omit(doc, ["history", "trajectory", "info", "replay_config", "environment"]),
      ...(doc.environment !== undefined ? { environment: doc.environment } : {}),
      ...(model ? { model } : {}),
      usage: usage(stats),
      info: omit(info, ["exit_status", "submission", ...Object.keys(editedFiles)]),
      ...(doc.replay_config !== undefined ? { replayConfig } : {}),
      ...(problem ? { problemStatement: problem } : {}),
      historyMessages: history.length,
      trajectorySteps: steps.length,
    },
  });
}

function usage(stats: JsonObject): JsonObject {
  const out: JsonObject = {};
  if (asNumber(stats.tokens_sent) != null) out.promptTokens = stats.tokens_sent;
  if (asNumber(stats.tokens_received) != null) out.completionTokens = stats.tokens_received;
  if (asNumber(stats.instance_cost) != null) out.costUsd = stats.instance_cost;
  if (asNumber(stats.api_calls) != null) out.apiCalls = stats.api_calls;
  return out;
}

function parseMaybeJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

const normAction = (a: unknown) => (typeof a === "string" ? a.trim() : a);
const sameAction = (a: unknown, b: unknown) => normAction(a) === normAction(b);

/** The interface's commands, read from the `COMMANDS:` docs of the system prompt (older layout); `submit` always. */
function commandNames(history: JsonObject[]): Set<string> {
  const names = new Set(["submit"]);
  for (const msg of history) {
    if (msg.role !== "system" || typeof msg.content !== "string") continue;
    for (const m of msg.content.matchAll(/^([A-Za-z_][\w-]*):\r?\n[ \t]+(?:docstring|signature):/gm)) names.add(m[1]);
  }
  return names;
}

/** A command-line action as a tool call: the interface command it starts with, else `bash`. */
function actionToolCall(action: unknown, commands: Set<string>): JsonObject[] {
  if (typeof action !== "string" || action.trim() === "") return [];
  const command = action.replace(/\r?\n$/, "");
  const first = command.trim().split(/\s+/)[0];
  return [{ name: commands.has(first) ? first : "bash", arguments: { command } }];
}

function assistantTurn(msg: JsonObject, commands: Set<string>, ctx: ImportContext, where: string): Turn {
  const openai = toolCallsFromOpenAI(msg.tool_calls, ctx, where);
  const calls = openai.length ? openai : actionToolCall(msg.action, commands);
  const turn: Turn = { role: "assistant", content: msg.content };
  if (calls.length) turn.toolCalls = calls;
  return keepExtras(turn, omit(msg, openai.length ? ["role", "content", "tool_calls"] : ["role", "content"]));
}

/** Step fields the history message does not already say (a differing response or thought, unknown fields). */
function attachStepToAssistant(turn: Turn, step: JsonObject) {
  const rest = omit(step, ["action", "observation", "execution_time", "state"]);
  if (rest.response === turn.content) delete rest.response;
  if (rest.thought === turn.thought) delete rest.thought;
  if (Object.keys(rest).length) turn.trajectoryStep = rest;
}

/** The execution time and environment state of the step onto the observation turn that shows its output. */
function attachStepToObservation(turn: Turn, step: JsonObject) {
  const seconds = asNumber(step.execution_time);
  if (seconds != null) {
    turn.durationMs = seconds * 1000;
    turn.execution_time = seconds;
  }
  if (step.state !== undefined) keepExtras(turn, { state: step.state });
  const raw = step.observation;
  const shown = typeof turn.observation === "string" ? turn.observation : "";
  if (raw !== undefined && !(typeof raw === "string" && shown.includes(raw))) turn.rawObservation = raw;
}

function assistantFromStep(step: JsonObject, commands: Set<string>): Turn {
  const turn: Turn = { role: "assistant", content: step.response ?? step.thought ?? "", fromTrajectoryStep: true };
  const calls = actionToolCall(step.action, commands);
  if (calls.length) turn.toolCalls = calls;
  return keepExtras(turn, omit(step, ["response", "observation", "execution_time", "state"]));
}

function observationFromStep(step: JsonObject, flags: JsonObject): Turn {
  const turn: Turn = { role: "tool", observation: step.observation, ...flags };
  attachStepToObservation(turn, { ...step, observation: undefined });
  return turn;
}
