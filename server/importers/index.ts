import { createHash } from "node:crypto";
import { BadRequestError } from "../errors";
import type { MetricPointInput } from "../metrics/parse-batch";
import { trajectoryInput, type TrajectoryInput } from "../trajectories/schema";
import { describeZodError } from "../validation";
import { importChatMessages, importChatRecord } from "./chat-jsonl";
import { detectFormat, UnsupportedTrajectoryFormatError, type Document } from "./detect";
import { asObject, isObject } from "./json-values";
import { importMiniSweAgent } from "./mini-swe-agent";
import { importOpenHandsInstance } from "./openhands";
import { parquetColumns, readParquetRows, startsWithParquetMagic } from "./parquet-rows";
import { skippedWarning, type SkippedRecord } from "./skipped-records";
import { importSweAgentTraj } from "./swe-agent";
import { readTensorBoardScalars } from "./tensorboard-events";
import { startsWithTfRecord } from "./tfrecord";
import { IMPORT_FORMATS, type ImportContext, type ImportFormat, type ImportOptions } from "./trajectory-record";
import { importTrlRow, isTrlCompletions, trlRewardColumns } from "./trl-parquet";
import { importVerlRecord, type GroupCounter } from "./verl-jsonl";

export { UnsupportedTrajectoryFormatError } from "./detect";
export { DEFAULT_SKILL, IMPORT_FORMATS, type ImportFormat, type ImportOptions } from "./trajectory-record";
export type { SkippedRecord } from "./skipped-records";

export interface ImportedFile {
  format: ImportFormat;
  /** The format as users name it, e.g. "SWE-agent .traj". */
  formatName: string;
  trajectories: TrajectoryInput[];
  /** Scalars of a TensorBoard event file, under their raw tags. */
  metricPoints: MetricPointInput[];
  /** Lines, records or row groups that could not be read: reported with their location and skipped. */
  skipped: SkippedRecord[];
  /** Things a user should know (no outcome in the file, arguments that were not JSON, skipped records…), each once. */
  warnings: string[];
  /** sha256 of the file, hex: what makes a re-import recognisable. */
  contentHash: string;
}

const MAX_WARNINGS = 50;

function finish(ctx: ImportContext, format: ImportFormat, raw: TrajectoryInput[], warnings: Set<string>, skipped: SkippedRecord[], metricPoints: MetricPointInput[] = []): ImportedFile {
  const trajectories = raw.map((t, i) => {
    const parsed = trajectoryInput.safeParse(t);
    if (!parsed.success) {
      throw new BadRequestError(`${IMPORT_FORMATS[format]}, trajectory ${i + 1}: could not be mapped: ${describeZodError(parsed.error)}`);
    }
    return parsed.data;
  });
  const list = [...skipped.map((s) => skippedWarning(ctx.opts.fileName, s)), ...warnings];
  if (list.length > MAX_WARNINGS) list.splice(MAX_WARNINGS, Infinity, `… and ${list.length - MAX_WARNINGS} more warnings.`);
  return { format, formatName: IMPORT_FORMATS[format], trajectories, metricPoints, skipped, warnings: list, contentHash: ctx.contentHash };
}

function requireFormat(opts: ImportOptions, found: ImportFormat) {
  if (opts.format && opts.format !== found) {
    throw new BadRequestError(`format: the request names ${IMPORT_FORMATS[opts.format]}, but the file is ${IMPORT_FORMATS[found]}.`);
  }
}

/**
 * Maps an agent log or a trainer's rollout dump (text) onto the trajectory JSON
 * of ARCHITECTURE.md. The format is detected from the content; a file of none of
 * the known formats is a 400 that says what it saw. Nothing is dropped: fields
 * with no place of their own stay on the turn or go to `metadata`. A JSON Lines
 * line that is not JSON is reported (with its line) and skipped.
 */
export function importTrajectories(text: string, opts: ImportOptions = {}): ImportedFile {
  const contentHash = createHash("sha256").update(text).digest("hex");
  const warnings = new Set<string>();
  const ctx: ImportContext = { opts, contentHash, warn: (m) => warnings.add(m) };
  const detected = detectFormat(text, { firstLine: opts.firstLine });
  requireFormat(opts, detected.format);
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
    case "verl-jsonl": {
      const groups: GroupCounter = new Map();
      raw = each(detected.documents, (doc, line) => importVerlRecord(doc, ctx, line, groups));
      break;
    }
  }
  if (detected.pythonJsonLines) warnings.add(`${detected.pythonJsonLines} line(s) held Python's NaN/Infinity (not JSON): those values are read as null.`);
  return finish(ctx, detected.format, raw, warnings, detected.skipped);
}

/** The binary format the bytes start with, if any: parquet magic, or a TFRecord header whose CRC checks. */
export function sniffBinaryFormat(bytes: Uint8Array): "trl-parquet" | "tensorboard" | undefined {
  if (startsWithParquetMagic(bytes)) return "trl-parquet";
  if (startsWithTfRecord(bytes)) return "tensorboard";
  return undefined;
}

const notTrlCompletions = (columns: string[]) =>
  new UnsupportedTrajectoryFormatError(
    `The file is a Parquet table with columns ${columns.slice(0, 8).join(", ")}${columns.length > 8 ? ", …" : ""} (no prompt and completion columns)`,
  );

/**
 * The format of a file, or the error an import of it would answer, without
 * mapping its records: lets `bin/skillboard import --new` refuse a file before it
 * creates a run. The server still parses and validates every upload itself.
 */
export function recognizeFormat(bytes: Uint8Array): ImportFormat {
  const binary = sniffBinaryFormat(bytes);
  if (binary === "tensorboard") return binary;
  if (binary === "trl-parquet") {
    const columns = parquetColumns(bytes);
    if (!isTrlCompletions(columns)) throw notTrlCompletions(columns);
    return binary;
  }
  return detectFormat(new TextDecoder().decode(bytes)).format;
}

async function importTrlParquet(bytes: Uint8Array, ctx: ImportContext, warnings: Set<string>): Promise<ImportedFile> {
  const rows = await readParquetRows(bytes);
  if (!isTrlCompletions(rows.columns)) throw notTrlCompletions(rows.columns);
  const rewardColumns = trlRewardColumns(rows);
  if (rewardColumns.length) warnings.add(`Reward columns (summed into the reward, weight 1 each): ${rewardColumns.join(", ")}.`);
  const groups: GroupCounter = new Map();
  const raw = rows.rows.map((r) => importTrlRow(r.values, r.row, rows, rewardColumns, ctx, groups));
  return finish(ctx, "trl-parquet", raw, warnings, rows.skipped);
}

function importTensorBoard(bytes: Uint8Array, ctx: ImportContext, warnings: Set<string>): ImportedFile {
  const read = readTensorBoardScalars(bytes, { offset: ctx.opts.offset });
  for (const w of read.warnings) warnings.add(w);
  // A file's first event is its file_version record: only a file with events but no scalar among them is worth a word.
  if (read.points.length === 0 && read.events > 1) warnings.add(`None of the ${read.events} events is a scalar: nothing to import as metrics.`);
  return finish(ctx, "tensorboard", [], warnings, read.skipped, read.points);
}

/**
 * Imports a file given as bytes: TRL completions parquet and TensorBoard event
 * files are read as binary, anything else as UTF-8 text by `importTrajectories`.
 */
export async function importFile(bytes: Uint8Array, opts: ImportOptions = {}): Promise<ImportedFile> {
  const binary = opts.format === "trl-parquet" || opts.format === "tensorboard" ? opts.format : sniffBinaryFormat(bytes);
  // TextDecoder drops a leading BOM as Request.text() does, so a file hashes as it did when the route read text.
  if (!binary) return importTrajectories(new TextDecoder().decode(bytes), opts);
  requireFormat(opts, binary);
  const warnings = new Set<string>();
  const contentHash = createHash("sha256").update(bytes).digest("hex");
  const ctx: ImportContext = { opts, contentHash, warn: (m) => warnings.add(m) };
  return binary === "trl-parquet" ? importTrlParquet(bytes, ctx, warnings) : importTensorBoard(bytes, ctx, warnings);
}
