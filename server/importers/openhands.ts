import type { TrajectoryInput } from "../trajectories/schema";
import { asArray, asNumber, asObject, asString, isObject, omit, parseToolArguments, type JsonObject } from "./json-values";
import { buildTrajectory, outcomeFrom, UNKNOWN_OUTCOME, type ImportContext, type Turn } from "./trajectory-record";

/**
 * One line of an OpenHands evaluation `output.jsonl`:
 * `{instance_id, instruction, history: [event], metrics, test_result: {git_patch}, error, metadata, instance}`.
 *
 * One turn per history event; the whole event stays on the turn as `event`
 * (an observation's `content` becomes the turn's `observation`). Actions are
 * `assistant` turns (`system` for the system prompt, `user` for user-sourced
 * events) whose text is the model's `thought` and whose tool call is the one the
 * model made (`tool_call_metadata`: function name and parsed arguments; else the
 * action and its args). Observations are `tool` turns. `tokens` = the completion
 * tokens of the model response that produced the action and `durationMs` its
 * latency (counted once per response); an observation's `durationMs` is the time
 * from its action (`cause`) to it.
 */
export function importOpenHandsInstance(rec: JsonObject, ctx: ImportContext, record: number): TrajectoryInput {
  const where = `line ${record}`;
  const history = (asArray(rec.history) ?? []).filter(isObject);
  const metrics = asObject(rec.metrics) ?? {};
  const usageByResponse = new Map<string, JsonObject>();
  for (const u of (asArray(metrics.token_usages) ?? []).filter(isObject)) {
    const id = asString(u.response_id);
    if (id) usageByResponse.set(id, u);
  }
  const latencyByResponse = new Map<string, number>();
  for (const l of (asArray(metrics.response_latencies) ?? []).filter(isObject)) {
    const id = asString(l.response_id);
    const latency = asNumber(l.latency);
    if (id && latency != null) latencyByResponse.set(id, latency);
  }
  const timeById = new Map<unknown, number>();
  const countedResponses = new Set<string>();
  let openhandsVersion: unknown;
  let agentClass: unknown;

  const turns = history.map((event): Turn => {
    const time = typeof event.timestamp === "string" ? Date.parse(event.timestamp) : NaN;
    if (Number.isFinite(time)) timeById.set(event.id, time);
    if (typeof event.observation === "string") {
      const turn: Turn = { role: "tool", observation: event.content, event: omit(event, ["content"]) };
      const causeTime = timeById.get(event.cause);
      if (causeTime != null && Number.isFinite(time) && time >= causeTime) turn.durationMs = time - causeTime;
      return turn;
    }
    const action = asString(event.action);
    const args = asObject(event.args) ?? {};
    const source = asString(event.source);
    if (action === "system") {
      openhandsVersion ??= args.openhands_version;
      agentClass ??= args.agent_class;
    }
    const role = action === "system" ? "system" : source === "agent" ? "assistant" : source === "user" ? "user" : source || "unknown";
    const turn: Turn = { role };
    const thought = asString(args.thought) || asString(args.final_thought);
    if (action === "system" || action === "message") turn.content = args.content ?? event.message;
    else if (source === "agent") turn.content = thought ?? "";
    else turn.content = event.message;
    const metadata = asObject(event.tool_call_metadata);
    if (metadata) {
      turn.toolCalls = [toolCallFromMetadata(metadata, args, ctx, where)];
      const responseId = asString(asObject(metadata.model_response)?.id);
      if (responseId && !countedResponses.has(responseId)) {
        countedResponses.add(responseId);
        const usage = usageByResponse.get(responseId) ?? asObject(asObject(metadata.model_response)?.usage);
        const completion = asNumber(usage?.completion_tokens);
        if (completion != null && Number.isInteger(completion) && completion >= 0) turn.tokens = completion;
        const latency = latencyByResponse.get(responseId);
        if (latency != null) turn.durationMs = latency * 1000;
      }
    } else if (source === "agent" && action && action !== "system" && action !== "message") {
      turn.toolCalls = [{ name: action, arguments: omit(args, ["thought"]) }];
    }
    turn.event = event;
    return turn;
  });

  const testResult = asObject(rec.test_result) ?? {};
  const report = asObject(testResult.report);
  const outcome =
    outcomeFrom([
      ["test_result.report.resolved", report?.resolved],
      ["test_result.resolved", testResult.resolved],
      ["resolved", rec.resolved],
    ]) ?? UNKNOWN_OUTCOME;
  if (!outcome.known) {
    ctx.warn(
      "OpenHands output.jsonl lines without an evaluation report (test_result.report.resolved) hold no test result: " +
        "imported with reward 0 and passed=false, metadata.outcomeKnown=false.",
    );
  }
  const accumulated = asObject(metrics.accumulated_token_usage);
  const usage: JsonObject = {};
  if (asNumber(accumulated?.prompt_tokens) != null) usage.promptTokens = accumulated!.prompt_tokens;
  if (asNumber(accumulated?.completion_tokens) != null) usage.completionTokens = accumulated!.completion_tokens;
  if (asNumber(metrics.accumulated_cost) != null) usage.costUsd = metrics.accumulated_cost;
  if (usageByResponse.size) usage.apiCalls = usageByResponse.size;
  const runMetadata = asObject(rec.metadata);
  const model = asString(asObject(runMetadata?.llm_config)?.model);
  const instanceId = asString(rec.instance_id) ?? asString(asObject(rec.instance)?.instance_id);
  return buildTrajectory(ctx, {
    format: "openhands",
    record,
    taskId: instanceId,
    taskIdSource: instanceId ? "instance_id" : undefined,
    outcome,
    turns,
    verifier: {
      ...(testResult.git_patch !== undefined ? { patch: testResult.git_patch } : {}),
      ...omit(testResult, ["git_patch"]),
      error: rec.error ?? null,
    },
    source: {
      ...(openhandsVersion !== undefined ? { openhandsVersion } : {}),
      ...((agentClass ?? runMetadata?.agent_class) !== undefined ? { agentClass: agentClass ?? runMetadata?.agent_class } : {}),
    },
    metadata: {
      ...omit(rec, ["instance_id", "test_result", "history", "metadata", "metrics", "error"]),
      ...(model ? { model } : {}),
      ...(Object.keys(usage).length ? { usage } : {}),
      ...(rec.metadata !== undefined ? { runMetadata: rec.metadata } : {}),
      ...(rec.metrics !== undefined ? { metrics: rec.metrics } : {}),
      historyEvents: history.length,
    },
  });
}

/** The call the model made, found in its response by id; the action's args when the response is missing. */
function toolCallFromMetadata(metadata: JsonObject, args: JsonObject, ctx: ImportContext, where: string): JsonObject {
  const name = asString(metadata.function_name) ?? "unknown";
  const id = asString(metadata.tool_call_id);
  const choices = asArray(asObject(metadata.model_response)?.choices) ?? [];
  for (const choice of choices) {
    for (const call of asArray(asObject(asObject(choice)?.message)?.tool_calls) ?? []) {
      const c = asObject(call);
      if (!c || (id && c.id !== id)) continue;
      const parsed = parseToolArguments(asObject(c.function)?.arguments);
      if (parsed.invalidJson) ctx.warn(`${where}: the arguments of a '${name}' tool call are not JSON; kept as the raw string.`);
      return { name, arguments: parsed.value, ...(id ? { id } : {}) };
    }
  }
  return { name, arguments: omit(args, ["thought"]), ...(id ? { id } : {}) };
}
