import type { TrajectoryInput } from "../trajectories/schema";
import { bashBlocks, turnFromChatMessage } from "./chat-turns";
import { asArray, asNumber, asObject, asString, isObject, keepExtras, omit, type JsonObject } from "./json-values";
import { buildTrajectory, outcomeFrom, UNKNOWN_OUTCOME, type ImportContext, type Turn } from "./trajectory-record";

/**
 * mini-swe-agent `.traj.json`: the full format `{info, messages, trajectory_format, instance_id?}`
 * or a bare list of messages. One turn per message. Assistant tool calls come
 * from `tool_calls` (tool-calling models) or from the ```mswea_bash_command /
 * ```bash block of the text (text-based mini-swe-agent), as `bash` calls.
 * Text-based runs answer in `user` messages: those become `tool` turns with
 * `sourceRole: "user"`. Per-call token usage (`extra.response.usage`) gives each
 * assistant turn's `tokens` (completion tokens); `extra.timestamp`s give
 * `durationMs` (time since the previous timestamped message).
 */
export function importMiniSweAgent(doc: JsonObject | unknown[], ctx: ImportContext): TrajectoryInput {
  const full = isObject(doc) ? doc : undefined;
  const messages = ((full ? asArray(full.messages) : (doc as unknown[])) ?? []).filter(isObject);
  const info = asObject(full?.info) ?? {};
  const turns: Turn[] = [];
  let lastActed = false;
  let previousTimestamp: number | undefined;
  let promptTokens = 0;
  let completionTokens = 0;
  let callsWithUsage = 0;

  messages.forEach((msg, i) => {
    const where = `messages[${i}]`;
    const role = asString(msg.role);
    let turn: Turn;
    if (role === "user" && lastActed) {
      turn = keepExtras({ role: "tool", observation: msg.content, sourceRole: "user" } as Turn, omit(msg, ["role", "content"]));
    } else {
      turn = turnFromChatMessage(msg, ctx, where);
      if (role === "assistant" && !turn.toolCalls) {
        const commands = bashBlocks(msg.content);
        if (commands.length) turn.toolCalls = commands.map((command) => ({ name: "bash", arguments: { command } }));
      }
    }
    lastActed = role === "assistant" && Boolean(turn.toolCalls);
    const extra = asObject(msg.extra);
    const usage = asObject(asObject(extra?.response)?.usage);
    if (usage) {
      const completion = asNumber(usage.completion_tokens);
      if (completion != null && Number.isInteger(completion) && completion >= 0 && turn.tokens === undefined) turn.tokens = completion;
      promptTokens += asNumber(usage.prompt_tokens) ?? 0;
      completionTokens += completion ?? 0;
      callsWithUsage++;
    }
    const timestamp = asNumber(extra?.timestamp);
    if (timestamp != null) {
      if (previousTimestamp != null && timestamp >= previousTimestamp && turn.durationMs === undefined) {
        turn.durationMs = (timestamp - previousTimestamp) * 1000;
      }
      previousTimestamp = timestamp;
    }
    turns.push(turn);
  });

  const stats = asObject(info.model_stats) ?? {};
  const exitStatus = asString(info.exit_status);
  const submission = asString(info.submission);
  const outcome = outcomeFrom([["info.resolved", info.resolved]]) ?? UNKNOWN_OUTCOME;
  if (!outcome.known) {
    ctx.warn(
      "mini-swe-agent trajectories hold no test result: imported with reward 0 and passed=false, metadata.outcomeKnown=false " +
        "(exit status 'Submitted' only says a patch was submitted).",
    );
  }
  const usage: JsonObject = {};
  if (callsWithUsage) Object.assign(usage, { promptTokens, completionTokens });
  if (asNumber(stats.instance_cost) != null) usage.costUsd = stats.instance_cost;
  if (asNumber(stats.api_calls) != null) usage.apiCalls = stats.api_calls;
  const model = asString(asObject(asObject(info.config)?.model)?.model_name);
  const instanceId = asString(full?.instance_id) ?? asString(info.instance_id);
  return buildTrajectory(ctx, {
    format: "mini-swe-agent",
    taskId: instanceId,
    taskIdSource: instanceId ? "instance_id" : undefined,
    outcome,
    turns,
    verifier: {
      ...(exitStatus != null ? { exitStatus } : {}),
      ...(full ? { submitted: Boolean(submission?.trim()) && (exitStatus ?? "").toLowerCase() === "submitted" } : {}),
      ...(submission != null ? { patch: submission } : {}),
    },
    source: {
      layout: full ? "full" : "messages-only",
      ...(full?.trajectory_format !== undefined ? { trajectoryFormat: full.trajectory_format } : {}),
      ...(info.mini_version !== undefined ? { miniVersion: info.mini_version } : {}),
    },
    metadata: {
      ...(full ? omit(full, ["messages", "info", "instance_id", "trajectory_format"]) : {}),
      ...(model ? { model } : {}),
      ...(Object.keys(usage).length ? { usage } : {}),
      ...(full ? { info: omit(info, ["exit_status", "submission", "mini_version"]) } : {}),
    },
  });
}
