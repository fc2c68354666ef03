import { asArray, asObject, asString, isObject, keepExtras, omit, parseToolArguments, type JsonObject } from "./json-values";
import type { ImportContext, Turn } from "./trajectory-record";

/**
 * OpenAI-style `tool_calls` (`[{id, type, function: {name, arguments: "<JSON>"}}]`)
 * as trajectory tool calls `{name, arguments, id, type…}`, arguments parsed.
 */
export function toolCallsFromOpenAI(raw: unknown, ctx: ImportContext, where: string): JsonObject[] {
  const calls: JsonObject[] = [];
  for (const item of asArray(raw) ?? []) {
    const call = asObject(item);
    if (!call) continue;
    const fn = asObject(call.function);
    const name = asString(fn?.name) ?? asString(call.name) ?? "unknown";
    const args = parseToolArguments(fn ? fn.arguments : call.arguments);
    if (args.invalidJson) ctx.warn(`${where}: the arguments of a '${name}' tool call are not JSON; kept as the raw string.`);
    const mapped: JsonObject = { name, arguments: args.value };
    keepExtras(mapped, fn ? omit(call, ["function"]) : omit(call, ["name", "arguments"]));
    if (fn) keepExtras(mapped, omit(fn, ["name", "arguments"]));
    calls.push(mapped);
  }
  return calls;
}

/** A legacy `function_call: {name, arguments}` as one tool call. */
function legacyFunctionCall(raw: unknown, ctx: ImportContext, where: string): JsonObject[] {
  return isObject(raw) ? toolCallsFromOpenAI([{ function: raw }], ctx, where) : [];
}

const OBSERVATION_ROLES = new Set(["tool", "function", "ipython"]);

/**
 * One chat message as a turn: `tool`/`function` messages become observations,
 * `tool_calls` become `toolCalls`, every other field stays on the turn as it was.
 */
export function turnFromChatMessage(msg: JsonObject, ctx: ImportContext, where: string): Turn {
  const role = asString(msg.role) || "unknown";
  const turn: Turn = { role };
  if ("content" in msg) {
    if (OBSERVATION_ROLES.has(role)) turn.observation = msg.content;
    else turn.content = msg.content;
  }
  const calls = [...toolCallsFromOpenAI(msg.tool_calls, ctx, where), ...legacyFunctionCall(msg.function_call, ctx, where)];
  const mapped = ["role", "content"];
  if (calls.length) {
    turn.toolCalls = calls;
    if (asArray(msg.tool_calls)?.length) mapped.push("tool_calls");
    if (isObject(msg.function_call)) mapped.push("function_call");
  }
  if (!asString(msg.role)) turn.sourceFields = { role: msg.role };
  return keepExtras(turn, omit(msg, mapped));
}

const BASH_BLOCK = /```(?:mswea_bash_command|bash)[ \t]*\r?\n([\s\S]*?)\r?\n?```/g;

/** The commands of ```bash / ```mswea_bash_command blocks: how text-based mini-swe-agent acts. */
export function bashBlocks(content: unknown): string[] {
  if (typeof content !== "string") return [];
  return [...content.matchAll(BASH_BLOCK)].map((m) => m[1]);
}
