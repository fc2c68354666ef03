import { BadRequestError } from "../errors";
import { asObject, asString, describeKeys, isObject, type JsonObject } from "./json-values";
import { parseJsonLine } from "./python-json";
import type { SkippedRecord } from "./skipped-records";
import { IMPORT_FORMATS } from "./trajectory-record";
import { isVerlRecord } from "./verl-jsonl";

/** The file is none of the formats the importers read. The message says what was seen and what would do. */
export class UnsupportedTrajectoryFormatError extends BadRequestError {
  constructor(seen: string) {
    super(
      `${seen}, which is none of: ${Object.values(IMPORT_FORMATS).join(", ")}. ` +
        "Expected a SWE-agent .traj (a JSON object with `trajectory` and `history`), " +
        "a mini-swe-agent .traj.json (`messages` with `info`/`trajectory_format`, or a JSON list of its messages), " +
        "an OpenHands output.jsonl (one object with `instance_id` and `history` per line) " +
        "chat-message JSONL (one `{role, content}` message, or one `{messages: [...]}` object, per line), " +
        "verl rollout/validation JSONL (one `{input, output, score, …}` sample per line), " +
        "a TRL completions parquet (columns `prompt`, `completion`, …) " +
        "or a TensorBoard event file (TFRecord-framed `Event` protobufs).",
    );
  }
}

/** One JSON value of the file, with its 1-based line when the file is JSON Lines. */
export interface Document {
  value: unknown;
  line?: number;
}

export type Detected =
  | { format: "swe-agent"; documents: Document[] }
  | { format: "mini-swe-agent"; documents: Document[] }
  | { format: "openhands"; documents: Document[] }
  | { format: "chat-jsonl"; shape: "messages"; messages: unknown[] }
  | { format: "chat-jsonl"; shape: "records"; documents: Document[] }
  | { format: "verl-jsonl"; documents: Document[] };

/** What detection found, plus the JSON Lines lines it could not parse (reported and skipped, the rest imported). */
export type DetectedFile = Detected & { skipped: SkippedRecord[]; pythonJsonLines: number };

const isSweAgentTraj = (v: JsonObject) => Array.isArray(v.trajectory) && (Array.isArray(v.history) || isObject(v.info));
const isMiniSweAgentFull = (v: JsonObject) =>
  Array.isArray(v.messages) &&
  ((asString(v.trajectory_format)?.startsWith("mini-swe-agent") ?? false) || (isObject(v.info) && "mini_version" in v.info));
const isOpenHandsInstance = (v: JsonObject) =>
  Array.isArray(v.history) &&
  ("instance_id" in v || "instruction" in v || "test_result" in v) &&
  v.history.every((e) => isObject(e) && ("action" in e || "observation" in e));
const isChatMessage = (v: unknown) => isObject(v) && typeof v.role === "string";
const isChatRecord = (v: unknown) => isObject(v) && Array.isArray(v.messages);

const MINI_SWE_AGENT_MARKERS = ["mswea_bash_command", "COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT", "MINI_SWE_AGENT_FINAL_OUTPUT"];
/** A bare message list is mini-swe-agent's when its messages use mini-swe-agent's action block or submit command. */
const looksLikeMiniSweAgent = (messages: unknown[]) =>
  messages.some((m) => {
    const content = asString(asObject(m)?.content);
    return content != null && MINI_SWE_AGENT_MARKERS.some((marker) => content.includes(marker));
  });

function describe(value: unknown): string {
  if (isObject(value)) return `a JSON object with ${describeKeys(value)}`;
  if (Array.isArray(value)) {
    const first = value[0];
    return `a JSON list of ${value.length} item(s)${value.length ? ` (the first is ${isObject(first) ? `an object with ${describeKeys(first)}` : typeof first})` : ""}`;
  }
  return `a JSON ${value === null ? "null" : typeof value}`;
}

/**
 * Detects the format from the content alone (never the file name) and parses it.
 * `firstLine`: the file line the text starts at (a watcher sends appended lines).
 */
export function detectFormat(text: string, opts: { firstLine?: number } = {}): DetectedFile {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === "") throw new UnsupportedTrajectoryFormatError("The file is empty");
  const firstLine = opts.firstLine ?? 1;
  let whole: unknown;
  let wholeError: string | undefined;
  try {
    whole = JSON.parse(body);
  } catch (error) {
    wholeError = (error as Error).message;
  }
  if (wholeError === undefined) return { ...detectDocument(whole, firstLine), skipped: [], pythonJsonLines: 0 };
  return detectJsonLines(body, wholeError, firstLine);
}

function detectDocument(value: unknown, firstLine: number): Detected {
  const documents = [{ value }];
  if (isObject(value)) {
    if (isVerlRecord(value)) return { format: "verl-jsonl", documents: [{ value, line: firstLine }] };
    if (isSweAgentTraj(value)) return { format: "swe-agent", documents };
    if (isMiniSweAgentFull(value)) return { format: "mini-swe-agent", documents };
    if (isOpenHandsInstance(value)) return { format: "openhands", documents: [{ value, line: firstLine }] };
    if (isChatRecord(value)) return { format: "chat-jsonl", shape: "records", documents: [{ value, line: firstLine }] };
    if (isChatMessage(value)) return { format: "chat-jsonl", shape: "messages", messages: [value] };
  } else if (Array.isArray(value) && value.length > 0) {
    if (value.every(isChatMessage)) {
      return looksLikeMiniSweAgent(value) ? { format: "mini-swe-agent", documents } : { format: "chat-jsonl", shape: "messages", messages: value };
    }
    const numbered = value.map((v, i) => ({ value: v, line: i + 1 }));
    if (value.every(isVerlRecord)) return { format: "verl-jsonl", documents: numbered };
    if (value.every((v) => isObject(v) && isOpenHandsInstance(v))) return { format: "openhands", documents: numbered };
    if (value.every(isChatRecord)) return { format: "chat-jsonl", shape: "records", documents: numbered };
  }
  throw new UnsupportedTrajectoryFormatError(`The file is ${describe(value)}`);
}

/** JSON Lines: a line that is not JSON is skipped and reported, as long as more lines parse than not. */
function detectJsonLines(body: string, wholeError: string, firstLine: number): DetectedFile {
  const documents: Document[] = [];
  const skipped: SkippedRecord[] = [];
  let pythonJsonLines = 0;
  const lines = body.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "") continue;
    const parsed = parseJsonLine(line);
    if (parsed.ok) {
      documents.push({ value: parsed.value, line: i + firstLine });
      if (parsed.python) pythonJsonLines++;
    } else skipped.push({ line: i + firstLine, reason: `not JSON (${parsed.error})` });
  }
  if (documents.length === 0 || skipped.length > documents.length) {
    const first = body.trimStart()[0];
    const asDocument = first === "{" || first === "[" ? ` nor one JSON document (${wholeError})` : "";
    const bad = skipped[0];
    throw new UnsupportedTrajectoryFormatError(`The file is neither JSON Lines (line ${bad.line} is ${bad.reason})${asDocument}`);
  }
  const found = formatOfLines(documents);
  return { ...found, skipped, pythonJsonLines };
}

function formatOfLines(documents: Document[]): Detected {
  const values = documents.map((d) => d.value);
  const isOpenHandsLine = (v: unknown) => isObject(v) && isOpenHandsInstance(v);
  if (values.every(isVerlRecord)) return { format: "verl-jsonl", documents };
  if (values.every(isOpenHandsLine)) return { format: "openhands", documents };
  if (values.every(isChatMessage)) return { format: "chat-jsonl", shape: "messages", messages: values };
  if (values.every(isChatRecord)) return { format: "chat-jsonl", shape: "records", documents };
  const shape = [isVerlRecord, isOpenHandsLine, isChatMessage, isChatRecord].find((fits) => fits(values[0]));
  const odd = shape ? documents.find((d) => !shape(d.value))! : documents[0];
  throw new UnsupportedTrajectoryFormatError(
    shape
      ? `The file is JSON Lines whose line ${documents[0].line} fits a format but line ${odd.line} is ${describe(odd.value)}`
      : `The file is JSON Lines whose line ${odd.line} is ${describe(odd.value)}`,
  );
}
