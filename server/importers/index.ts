import { createHash } from "node:crypto";
import { BadRequestError } from "../errors";
import { trajectoryInput, type TrajectoryInput } from "../trajectories/schema";
import { describeZodError } from "../validation";
import { importChatMessages, importChatRecord } from "./chat-jsonl";
import { detectFormat, type Document } from "./detect";
import { asObject, isObject } from "./json-values";
import { importMiniSweAgent } from "./mini-swe-agent";
import { importOpenHandsInstance } from "./openhands";
import { importSweAgentTraj } from "./swe-agent";
import { IMPORT_FORMATS, type ImportContext, type ImportFormat, type ImportOptions } from "./trajectory-record";

export { UnsupportedTrajectoryFormatError } from "./detect";
export { DEFAULT_SKILL, IMPORT_FORMATS, type ImportFormat, type ImportOptions } from "./trajectory-record";

export interface ImportedFile {
  format: ImportFormat;
  /** The format as users name it, e.g. "SWE-agent .traj". */
  formatName: string;
  trajectories: TrajectoryInput[];
  /** Things a user should know (no outcome in the file, arguments that were not JSON…), each once. */
  warnings: string[];
  /** sha256 of the file, hex: what makes a re-import recognisable. */
  contentHash: string;
}

const MAX_WARNINGS = 50;

/**
 * Maps an agent log onto the trajectory JSON of ARCHITECTURE.md. The format is
 * detected from the content; a file of none of the known formats is a 400 that
 * says what it saw. Nothing is dropped: fields with no place of their own stay
 * on the turn or go to `metadata`.
 */
export function importTrajectories(text: string, opts: ImportOptions = {}): ImportedFile {
  const contentHash = createHash("sha256").update(text).digest("hex");
  const warnings = new Set<string>();
  const ctx: ImportContext = { opts, contentHash, warn: (m) => warnings.add(m) };
  const detected = detectFormat(text);
  const each = (documents: Document[], map: (value: Record<string, unknown>, line: number) => TrajectoryInput) =>
    documents.map((d, i) => map(asObject(d.value) ?? {}, d.line ?? i + 1));
  let raw: TrajectoryInput[];
  switch (detected.format) {
    case "swe-agent":
      raw = each(detected.documents, (doc) => importSweAgentTraj(doc, ctx));
      break;
    case "mini-swe-agent":
      raw = detected.documents.map((d) => importMiniSweAgent(isObject(d.value) ? d.value : (d.value as unknown[]), ctx));
      break;
    case "openhands":
      raw = each(detected.documents, (doc, line) => importOpenHandsInstance(doc, ctx, line));
      break;
    case "chat-jsonl":
      raw = detected.shape === "messages" ? [importChatMessages(detected.messages, ctx)] : each(detected.documents, (doc, line) => importChatRecord(doc, ctx, line));
      break;
  }
  const trajectories = raw.map((t, i) => {
    const parsed = trajectoryInput.safeParse(t);
    if (!parsed.success) {
      throw new BadRequestError(`${IMPORT_FORMATS[detected.format]}, trajectory ${i + 1}: could not be mapped: ${describeZodError(parsed.error)}`);
    }
    return parsed.data;
  });
  const list = [...warnings];
  if (list.length > MAX_WARNINGS) list.splice(MAX_WARNINGS, Infinity, `… and ${list.length - MAX_WARNINGS} more warnings.`);
  return { format: detected.format, formatName: IMPORT_FORMATS[detected.format], trajectories, warnings: list, contentHash };
}
